/** A benchmark run as plain JSON (`axepilot bench --json`): provenance, every point, the picks; the chosen point last. */
import type { BenchRunResult } from './run.js';
import { OBJECTIVES, type PointResult } from './types.js';

export interface ChosenJson {
  frequencyMhz: number;
  coreVoltageMv: number;
  efficiencyJth: number | null;
  hashrateGhs: number | null;
}

const round = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

function chosenJson(point: PointResult | null | undefined): ChosenJson | null {
  if (!point) return null;
  return {
    frequencyMhz: point.point.frequencyMhz,
    coreVoltageMv: point.point.coreVoltageMv,
    efficiencyJth: round(point.measurement?.efficiencyJth.mean, 3),
    hashrateGhs: round(point.measurement?.effectiveHashrateGhs.mean, 1),
  };
}

function pointJson(point: PointResult): Record<string, unknown> {
  const m = point.measurement;
  return {
    seq: point.seq,
    frequencyMhz: point.point.frequencyMhz,
    coreVoltageMv: point.point.coreVoltageMv,
    purpose: point.purpose,
    verdict: point.verdict,
    failures: point.failures.map((f) => f.detail),
    hashrateGhs: round(m?.hashrateGhs.mean, 1),
    hashrateHalfWidthGhs: round(m?.hashrateGhs.halfWidth, 1),
    expectedHashrateGhs: round(m?.expectedHashrateGhs, 1),
    powerW: round(m?.powerW.mean, 3),
    efficiencyJth: round(m?.efficiencyJth.mean, 3),
    errorPct: round(m?.errorPct?.mean, 3),
    chipTempC: round(m?.chipTempC?.mean, 2),
    vrTempC: round(m?.vrTempC?.mean, 2),
    settleS: round(m ? m.settleMs / 1000 : null, 1),
    measureS: round(m ? m.measureMs / 1000 : null, 1),
    stoppedBy: m?.stoppedBy ?? null,
  };
}

export function benchResultJson(result: BenchRunResult): Record<string, unknown> {
  return {
    miner: result.miner,
    runId: result.runId,
    strategy: result.strategy,
    objective: result.objective,
    mode: result.mode,
    state: result.state,
    error: result.error,
    startedAt: new Date(result.startedAt).toISOString(),
    endedAt: new Date(result.endedAt).toISOString(),
    finalSettings: result.finalSettings,
    provenance: result.provenance,
    points: result.points.map(pointJson),
    picks: Object.fromEntries(OBJECTIVES.map((o) => [o, chosenJson(result.picks[o])])),
    chosen: chosenJson(result.chosen),
    deviceTimeS: Math.round(result.deviceTimeMs / 1000),
  };
}
