import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeInfo } from '../../../src/axeos/normalize.js';
import { modelById } from '../../../src/axeos/models.js';
import { hashrateCeilingGhs, isMac, type ImplausibleReading } from '../../../src/axeos/plausibility.js';

const FIXTURES = new URL('../../../../shared/fixtures/axeos/', import.meta.url);

function normalized(raw: Record<string, unknown>): { dropped: ImplausibleReading[]; telemetry: ReturnType<typeof normalizeInfo> } {
  const dropped: ImplausibleReading[] = [];
  const telemetry = normalizeInfo(raw, { ts: 0, onImplausible: (r) => dropped.push(r) });
  return { dropped, telemetry };
}

describe('plausibility bounds', () => {
  it('find nothing to drop in any real captured answer', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(6);
    for (const file of files) {
      const raw = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Record<string, unknown>;
      expect(normalized(raw).dropped, file).toEqual([]);
    }
  });

  it('keep the edges a working board can reach and drop what lies beyond', () => {
    const base = { ASICModel: 'BM1370', boardVersion: '601', frequency: 525 };
    const at = (extra: Record<string, unknown>) => normalized({ ...base, ...extra });
    expect(at({ temp: 150, vrTemp: -40, coreVoltage: 2000, sharesRejected: 0 }).dropped).toEqual([]);
    const beyond = at({ temp: 150.5, vrTemp: -41, coreVoltage: 2001, sharesRejected: -1, fanspeed: 101 });
    expect(beyond.dropped.map((d) => d.field).sort()).toEqual(['chipTempC', 'coreVoltageMv', 'fanPct', 'sharesRejected', 'vrTempC']);
    expect(beyond.telemetry).toMatchObject({ chipTempC: null, vrTempC: null, coreVoltageMv: null, sharesRejected: null, fanPct: null });
  });

  it('bound the hashrate by the model: four times its top frequency option', () => {
    const gamma = modelById('gamma');
    expect(hashrateCeilingGhs(gamma)).toBe((4 * 625 * 2040) / 1000);
    const ok = normalized({ ASICModel: 'BM1370', boardVersion: '601', hashRate: 5100, power: 20 });
    expect(ok.telemetry.hashrateGhs).toBe(5100);
    const absurd = normalized({ ASICModel: 'BM1370', boardVersion: '601', hashRate: 5101, power: 20 });
    expect(absurd.telemetry).toMatchObject({ hashrateGhs: null, efficiencyJth: null });
    // Unknown hardware gets the generous absolute bound.
    expect(normalized({ ASICModel: 'BM9999', hashRate: 90_000, power: 1 }).telemetry.hashrateGhs).toBe(90_000);
  });

  it('take a MAC only as six hex pairs', () => {
    expect(isMac('10:F5:12:33:BB:F0')).toBe(true);
    expect(isMac('10-f5-12-33-bb-f0')).toBe(true);
    expect(isMac('10:F5:12:33:BB')).toBe(false);
    expect(isMac('10:F5-12:33:BB:F0')).toBe(false);
    expect(isMac('<script>')).toBe(false);
  });
});
