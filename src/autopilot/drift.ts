/**
 * Drift: a miner that, at the same rung and a comparable chip temperature, needs more energy per hash than its
 * benchmark measured (dust, a drying thermal pad, an ageing regulator). A smoothed ratio of measured to benchmarked
 * J/TH; above the threshold for the configured hours it is reported, at most once a day.
 */
import type { DriftMemory } from './state.js';

const SMOOTHING_MS = 30 * 60_000;
const COMPARABLE_C = 5;
const DAY_MS = 24 * 3_600_000;

export interface DriftInput {
  now: number;
  measuredJth: number | null;
  benchJth: number | null;
  chipTempC: number | null;
  benchChipTempC: number | null;
  thresholdPct: number;
  hoursMs: number;
}

export function updateDrift(drift: DriftMemory, input: DriftInput): { drift: DriftMemory; report: boolean } {
  const { now, measuredJth, benchJth } = input;
  if (measuredJth === null || benchJth === null || !Number.isFinite(measuredJth) || measuredJth <= 0 || benchJth <= 0) return { drift, report: false };
  if (input.chipTempC === null || input.benchChipTempC === null || Math.abs(input.chipTempC - input.benchChipTempC) > COMPARABLE_C) {
    return { drift, report: false };
  }
  const sample = measuredJth / benchJth;
  const dt = drift.ratioAt === null ? SMOOTHING_MS : now - drift.ratioAt;
  const alpha = 1 - Math.exp(-Math.max(0, dt) / SMOOTHING_MS);
  const ratio = drift.ratio === null ? sample : drift.ratio + alpha * (sample - drift.ratio);
  const worse = ratio > 1 + input.thresholdPct / 100;
  const since = worse ? (drift.since ?? now) : null;
  const due = since !== null && now - since >= input.hoursMs && (drift.notifiedAt === null || now - drift.notifiedAt >= DAY_MS);
  return { drift: { ...drift, ratio, ratioAt: now, since, notifiedAt: due ? now : drift.notifiedAt }, report: due };
}
