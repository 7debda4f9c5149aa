/**
 * Progress of a running benchmark: events for whoever watches (the CLI prints one line per point, chat edits one
 * message in place through messaging's `EditedMessage`).
 */
import type { Objective, OperatingPoint, PointResult } from './types.js';
import { describePoint } from './types.js';
import { formatSpan } from '../core/units.js';

export interface BestSoFar {
  point: OperatingPoint;
  efficiencyJth: number;
  hashrateGhs: number;
}

export type BenchProgress =
  | { kind: 'started'; miner: string; runId: number | null; strategy: string; objective: Objective; at: number }
  | { kind: 'point-started'; seq: number; point: OperatingPoint; purpose: string; best: BestSoFar | null; etaMs: number | null; at: number }
  | { kind: 'point-finished'; result: PointResult; best: BestSoFar | null; etaMs: number | null; at: number }
  | { kind: 'read-retry'; attempt: number; error: string; delayMs: number; at: number }
  | { kind: 'finished'; state: string; chosen: PointResult | null; deviceTimeMs: number; at: number };

export type ProgressListener = (event: BenchProgress) => void;



export function describeBest(best: BestSoFar | null): string {
  if (!best) return 'best so far: none yet';
  return `best so far: ${describePoint(best.point)} · ${best.efficiencyJth.toFixed(2)} J/TH · ${best.hashrateGhs.toFixed(0)} GH/s`;
}

/** One line per finished point, e.g. for the CLI's stderr. */
export function describeResult(result: PointResult): string {
  const m = result.measurement;
  const numbers = m
    ? ` · ${m.effectiveHashrateGhs.mean.toFixed(0)} GH/s (${(m.hashrateRatio.mean * 100).toFixed(1)} %) · ${m.powerW.mean.toFixed(2)} W · ` +
      `${m.efficiencyJth.mean.toFixed(2)} J/TH · errors ${m.errorPct ? `${m.errorPct.mean.toFixed(2)} %` : 'n/a'} · ` +
      `chip ${m.chipTempC ? m.chipTempC.mean.toFixed(1) : '?'} °C · ${formatSpan(m.settleMs + m.measureMs)}`
    : '';
  const why = result.failures.length > 0 ? ` (${result.failures.map((f) => f.detail).join('; ')})` : '';
  return `#${result.seq} ${describePoint(result.point)} [${result.purpose}] ${result.verdict}${why}${numbers}`;
}

/** The text of the one progress message chat keeps editing. */
export function progressText(miner: string, event: BenchProgress): string {
  switch (event.kind) {
    case 'started':
      return `Benchmark of ${miner} (${event.strategy}, ${event.objective}) started.`;
    case 'point-started':
      return [
        `Benchmark of ${miner}: point #${event.seq} ${describePoint(event.point)} (${event.purpose})`,
        describeBest(event.best),
        event.etaMs === null ? 'ETA: estimating' : `ETA: about ${formatSpan(event.etaMs)}`,
      ].join('\n');
    case 'point-finished':
      return [
        `Benchmark of ${miner}: ${describeResult(event.result)}`,
        describeBest(event.best),
        event.etaMs === null ? 'ETA: estimating' : `ETA: about ${formatSpan(event.etaMs)}`,
      ].join('\n');
    case 'read-retry':
      return `Benchmark of ${miner}: no good answer (${event.error}); retrying in ${formatSpan(event.delayMs)}`;
    case 'finished':
      return [
        `Benchmark of ${miner} ${event.state} after ${formatSpan(event.deviceTimeMs)}.`,
        event.chosen ? `Chosen: ${describeResult(event.chosen)}` : 'No point passed every limit.',
      ].join('\n');
  }
}
