/** What every miner's pilot shares: config, clock, the guard, the ladders, and where decisions are recorded. */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Actor, CheckResult } from '../control/guard.js';
import type { AllowedRanges } from '../control/limits.js';
import { protectLadder } from './ladder.js';
import type { BenchmarkLadder, LadderSource } from './ladder-source.js';
import type { DecisionRecord } from './repository.js';
import type { AutopilotMode, Rung } from './types.js';

/** The parts of the settings guard the autopilot uses (SettingsGuard has them all). */
export interface AutopilotGuard {
  miner(name: string): { name: string } | undefined;
  check(miner: string, settings: MinerSettings, options?: { actor?: Actor }): CheckResult;
  apply(request: { miner: string; settings: MinerSettings; actor: Actor; reason?: string }): Promise<void>;
  restart(request: { miner: string; actor: Actor; reason?: string }): Promise<void>;
  pause(request: { miner: string; actor: Actor; reason?: string }): Promise<void>;
  resume(request: { miner: string; actor: Actor; reason?: string }): Promise<void>;
  /** Non-null while a benchmark holds the miner or a restore is pending. */
  holderRefusal(miner: string): string | null;
  allowedRanges(miner: string): AllowedRanges;
  currentSettings(miner: string): MinerSettings | null;
}

export interface PilotContext {
  config: Config;
  clock: Clock;
  log: Logger;
  guard: AutopilotGuard;
  actor: Actor;
  ladders: LadderBook;
  record(entry: Omit<DecisionRecord, 'id'>, severity: 'info' | 'warning' | 'critical'): void;
  startBenchmark?: (miner: string) => void;
}

const LADDER_TTL_MS = 5 * 60_000;

/** Each miner's benchmark ladder, read from SQLite at most every few minutes (and at once after `forget`). */
export class LadderBook {
  private readonly cache = new Map<string, { at: number; ladder: BenchmarkLadder | null }>();

  constructor(private readonly source: LadderSource, private readonly guard: AutopilotGuard, private readonly clock: Clock) {}

  frequencyOptions(miner: string): number[] {
    try {
      return this.guard.allowedRanges(miner).frequencyOptions;
    } catch {
      // Not polled yet: no options known, so only 6.25 MHz multiples count as on the grid.
      return [];
    }
  }

  benchmark(miner: string): BenchmarkLadder | null {
    const key = miner.toLowerCase();
    const now = this.clock.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < LADDER_TTL_MS) return cached.ladder;
    const ladder = this.source.latest(miner, this.frequencyOptions(miner));
    this.cache.set(key, { at: now, ladder });
    return ladder;
  }

  forget(miner: string): void {
    this.cache.delete(miner.toLowerCase());
  }

  forMode(miner: string, mode: AutopilotMode, owner: MinerSettings | null): Rung[] {
    const ladder = this.benchmark(miner);
    if (mode === 'efficiency') return ladder?.efficientRungs ?? [];
    const bench = ladder?.rungs ?? [];
    if (mode === 'hashrate') return bench;
    if (mode === 'off' || owner?.frequencyMhz === undefined || owner.coreVoltageMv === undefined) return [];
    return protectLadder({ frequencyMhz: owner.frequencyMhz, coreVoltageMv: owner.coreVoltageMv }, bench, this.frequencyOptions(miner));
  }
}
