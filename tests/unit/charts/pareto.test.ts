import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../../src/charts/pareto.js';
import type { ScatterPoint } from '../../../src/charts/spec.js';

describe('paretoFront', () => {
  it('keeps the passing points no other passing point beats on both J/TH and GH/s', () => {
    const points: ScatterPoint[] = [
      { x: 15.0, y: 1000, label: 'eco', passed: true },
      { x: 16.0, y: 1100, label: 'balanced', passed: true },
      { x: 16.5, y: 1050, label: 'worse than balanced', passed: true },
      { x: 18.0, y: 1300, label: 'fast', passed: true },
      { x: 19.0, y: 1250, label: 'dominated by fast', passed: true },
      { x: 14.0, y: 1400, label: 'failed, ignored', passed: false },
      { x: 17.0, y: 1100, label: 'same hashrate, less efficient', passed: true },
    ];
    expect(paretoFront(points).map((p) => p.label)).toEqual(['eco', 'balanced', 'fast']);
  });

  it('keeps one of two identical points and ignores non-finite ones', () => {
    const points: ScatterPoint[] = [
      { x: 16, y: 1100, label: 'a', passed: true },
      { x: 16, y: 1100, label: 'b', passed: true },
      { x: Number.NaN, y: 5000, label: 'broken', passed: true },
    ];
    expect(paretoFront(points).map((p) => p.label)).toEqual(['a']);
  });

  it('is empty when nothing passed', () => {
    expect(paretoFront([{ x: 15, y: 1000, passed: false }])).toEqual([]);
  });
});
