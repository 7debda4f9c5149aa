/**
 * How often settings may be written to one miner. AxeOS stores every PATCHed setting in the ESP32's flash (NVS), so a
 * runaway loop rewriting it would wear the chip out; two bounds: a minimum gap and a maximum per rolling hour.
 */
import { localClock } from '../core/local-time.js';
import { waitWords } from '../core/units.js';

const HOUR_MS = 3_600_000;

export interface WriteRateLimits {
  minWriteIntervalSeconds: number;
  maxWritesPerHour: number;
}

export type WriteVerdict =
  | { ok: true }
  | { ok: false; nextAt: number; why: 'interval' | 'hourly'; writesLastHour: number };

/** Times of writes to one miner (attempts that may have reached its flash), and when the next may go. */
export class WriteHistory {
  private times: number[] = [];

  constructor(private readonly limits: WriteRateLimits, initial: readonly number[] = []) {
    this.times = [...initial].sort((a, b) => a - b);
  }

  record(at: number): void {
    this.times.push(at);
  }

  verdict(now: number): WriteVerdict {
    this.times = this.times.filter((t) => t > now - HOUR_MS);
    const last = this.times[this.times.length - 1];
    const afterGap = last === undefined ? now : last + this.limits.minWriteIntervalSeconds * 1000;
    const { maxWritesPerHour } = this.limits;
    // The write that must leave the rolling hour before another fits.
    const blocking = this.times.length >= maxWritesPerHour ? this.times[this.times.length - maxWritesPerHour] : undefined;
    const afterHour = blocking === undefined ? now : blocking + HOUR_MS;
    if (afterGap <= now && afterHour <= now) return { ok: true };
    const hourly = afterHour > afterGap;
    return { ok: false, nextAt: Math.max(afterGap, afterHour), why: hourly ? 'hourly' : 'interval', writesLastHour: this.times.length };
  }
}

/** Why a write must wait, and until when, in the owner's words; null when it may go now. */
export function writeRateRefusal(options: { miner: string; verdict: WriteVerdict; now: number; limits: WriteRateLimits; timeZone: string }): string | null {
  const { miner, verdict, now, limits } = options;
  if (verdict.ok) return null;
  const when = `next write possible at ${localClock(verdict.nextAt, options.timeZone)} (in ${waitWords(verdict.nextAt - now)})`;
  if (verdict.why === 'hourly') {
    return `${miner}: ${verdict.writesLastHour} writes in the last hour, the most limits.maxWritesPerHour (${limits.maxWritesPerHour}) ` +
      `allows: the miner keeps settings in flash; ${when}`;
  }
  return `${miner}: settings were written less than ${limits.minWriteIntervalSeconds} s ago (limits.minWriteIntervalSeconds; ` +
    `the miner keeps settings in flash); ${when}`;
}

/**
 * Why a kind of writer (the autopilot) has used up its writes to this miner for the rolling 24 h, or null. A
 * closed loop that misjudges could otherwise spend the whole hourly bound every hour.
 */
export function dailyBudgetRefusal(options: { miner: string; actorKind: string; budget: number; times: readonly number[]; now: number; timeZone: string }): string | null {
  const { miner, actorKind, budget, times, now } = options;
  if (times.length < budget) return null;
  const oldest = [...times].sort((a, b) => a - b)[times.length - budget] ?? now;
  const nextAt = oldest + 24 * HOUR_MS;
  return `${miner}: the ${actorKind} has written settings ${times.length} times in 24 h, its budget (${budget}); ` +
    `next write possible at ${localClock(nextAt, options.timeZone)} (in ${waitWords(nextAt - now)})`;
}
