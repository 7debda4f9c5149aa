/**
 * The guard's bookkeeping of how often each miner was written: the rolling-hour and minimum-gap bounds for every
 * writer (write-rate.ts), and a daily budget per kind of writer (the autopilot's 48). Seeded from the audit log, so a
 * restart resets neither.
 */
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import type { Actor } from './actor.js';
import type { AuditLog } from './audit-log.js';
import { dailyBudgetRefusal, WriteHistory, writeRateRefusal } from './write-rate.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface WriteBudgetOptions {
  clock: Clock;
  audit: AuditLog;
  limits: Config['limits'];
  /** Settings writes per miner per rolling 24 h, by kind of actor (`autopilot: 48`). */
  dailyWriteBudgets?: Partial<Record<Actor['kind'], number>>;
  timeZone: string;
}

export class WriteBudget {
  private readonly histories = new Map<string, WriteHistory>();

  constructor(private readonly options: WriteBudgetOptions) {}

  /** A write is about to reach the miner (counted whether or not it then succeeds: it may have reached the flash). */
  recordWrite(miner: string): void {
    this.history(miner).record(this.options.clock.now());
  }

  /** Why a write to this miner (by this actor) must wait, in the owner's words; null when it may go now. */
  refusal(miner: string, actor: Actor | undefined): string | null {
    return this.rateRefusal(miner) ?? this.dailyRefusal(miner, actor);
  }

  private rateRefusal(miner: string): string | null {
    const now = this.options.clock.now();
    return writeRateRefusal({ miner, verdict: this.history(miner).verdict(now), now, limits: this.options.limits, timeZone: this.options.timeZone });
  }

  private dailyRefusal(miner: string, actor: Actor | undefined): string | null {
    const budget = actor ? this.options.dailyWriteBudgets?.[actor.kind] : undefined;
    if (!actor || budget === undefined) return null;
    const now = this.options.clock.now();
    const times = this.options.audit.writeTimes(miner, now - DAY_MS, actor.kind);
    return dailyBudgetRefusal({ miner, actorKind: actor.kind, budget, times, now, timeZone: this.options.timeZone });
  }

  private history(miner: string): WriteHistory {
    let history = this.histories.get(miner);
    if (!history) {
      history = new WriteHistory(this.options.limits, this.options.audit.writeTimes(miner, this.options.clock.now() - HOUR_MS));
      this.histories.set(miner, history);
    }
    return history;
  }
}
