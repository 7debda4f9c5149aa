/**
 * The readings the autopilot decides on: the last few minutes of one miner's polls, summarised robustly (medians for
 * temperatures, means for power and fan, a least-squares temperature slope), so one odd poll never moves a miner.
 */
import type { Telemetry } from '../axeos/telemetry.js';

export interface WindowReading {
  ts: number;
  chipTempC: number | null;
  vrTempC: number | null;
  powerW: number | null;
  fanPct: number | null;
  autoFan: boolean | null;
  errorPct: number | null;
  inputVoltageV: number | null;
  hashrateGhs: number | null;
}

export interface WindowStats {
  /** Readings used and the time they span. */
  samples: number;
  spanMs: number;
  chipTempC: number | null;
  /** °C per minute over the window (positive: warming). */
  chipSlopeCPerMin: number | null;
  vrTempC: number | null;
  powerW: number | null;
  fanPct: number | null;
  /** Whether the firmware's auto fan was on in every reading (a fan cap means something only then). */
  autoFan: boolean;
  errorPct: number | null;
  inputVoltageV: number | null;
  hashrateGhs: number | null;
}

export function readingOf(telemetry: Telemetry): WindowReading {
  return {
    ts: telemetry.ts, chipTempC: telemetry.chipTempC, vrTempC: telemetry.vrTempC, powerW: telemetry.powerW,
    fanPct: telemetry.fanPct, autoFan: telemetry.autoFan, errorPct: telemetry.errorPct,
    inputVoltageV: telemetry.inputVoltageV, hashrateGhs: telemetry.hashrateGhs,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Least-squares slope of value over time, per minute; null with fewer than 3 points or no time spread. */
export function slopePerMinute(points: ReadonlyArray<{ ts: number; value: number }>): number | null {
  if (points.length < 3) return null;
  const t0 = points[0]?.ts ?? 0;
  const xs = points.map((p) => (p.ts - t0) / 60_000);
  const mx = mean(xs) ?? 0;
  const my = mean(points.map((p) => p.value)) ?? 0;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * (p.value - my);
    den += dx * dx;
  });
  return den > 0 ? num / den : null;
}

const present = (values: ReadonlyArray<number | null>): number[] => values.filter((v): v is number => v !== null && Number.isFinite(v));

export function summarizeWindow(readings: readonly WindowReading[]): WindowStats | null {
  if (readings.length === 0) return null;
  const first = readings[0]?.ts ?? 0;
  const last = readings[readings.length - 1]?.ts ?? 0;
  const chip = readings.flatMap((r) => (r.chipTempC === null ? [] : [{ ts: r.ts, value: r.chipTempC }]));
  return {
    samples: readings.length,
    spanMs: last - first,
    chipTempC: median(chip.map((p) => p.value)),
    chipSlopeCPerMin: slopePerMinute(chip),
    vrTempC: median(present(readings.map((r) => r.vrTempC))),
    powerW: mean(present(readings.map((r) => r.powerW))),
    fanPct: mean(present(readings.map((r) => r.fanPct))),
    autoFan: readings.every((r) => r.autoFan === true),
    errorPct: mean(present(readings.map((r) => r.errorPct))),
    inputVoltageV: median(present(readings.map((r) => r.inputVoltageV))),
    hashrateGhs: mean(present(readings.map((r) => r.hashrateGhs))),
  };
}

/** One miner's recent readings, trimmed to a time window. */
export class ReadingWindow {
  private readings: WindowReading[] = [];

  constructor(private readonly keepMs: number) {}

  add(reading: WindowReading): void {
    this.readings.push(reading);
    const cutoff = reading.ts - this.keepMs;
    while ((this.readings[0]?.ts ?? Infinity) < cutoff) this.readings.shift();
  }

  clear(): void {
    this.readings = [];
  }

  /** Readings in (now − windowMs, now], not before `notBefore` (the end of the settle time). */
  stats(now: number, windowMs: number, notBefore: number | null): WindowStats | null {
    const from = Math.max(now - windowMs, notBefore ?? -Infinity);
    return summarizeWindow(this.readings.filter((r) => r.ts > from && r.ts <= now));
  }
}
