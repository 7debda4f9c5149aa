/**
 * Energy per miner, integrated from the power of consecutive good polls (trapezoid rule), kept in SQLite so the
 * Prometheus counter `axepilot_miner_energy_joules_total` and Home Assistant's kWh sensor keep counting across
 * restarts. Time axepilot did not watch is not counted: two readings further apart than a few poll intervals (an
 * outage, a restart) start a new segment instead of bridging the gap with a guess.
 */
import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { TypedEventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { FleetEvents } from '../fleet/events.js';
import { EnergyRepository, type EnergyTotal } from '../store/energy.js';
import type { Store } from '../store/store.js';

export interface EnergyMeterOptions {
  store: Store;
  bus: TypedEventBus<FleetEvents>;
  clock: Clock;
  log: Logger;
  pollIntervalMs: number;
  /** How often the totals are written; a crash loses at most this much counting. */
  saveEveryMs?: number;
}

/** Gaps up to this many poll intervals are integrated (a missed poll, jitter); longer ones are not watched time. */
const MAX_GAP_INTERVALS = 3.5;

export class EnergyMeter implements Service {
  readonly name = 'energy meter';
  private readonly repository: EnergyRepository;
  private readonly totals = new Map<number, EnergyTotal>();
  private readonly dirty = new Set<number>();
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private off: (() => void) | null = null;

  constructor(private readonly options: EnergyMeterOptions) {
    this.repository = new EnergyRepository(options.store.db);
  }

  get maxGapMs(): number {
    return this.options.pollIntervalMs * MAX_GAP_INTERVALS;
  }

  start(): Promise<void> {
    for (const total of this.repository.all()) this.totals.set(total.minerId, total);
    this.off = this.options.bus.on('sample', ({ miner, telemetry }) => {
      if (miner.minerId !== null && telemetry.powerW !== null) this.record(miner.minerId, telemetry.ts, telemetry.powerW);
    });
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(this.options.saveEveryMs ?? 60_000, signal);
        this.save();
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.error({ err: errorMessage(error) }, 'energy meter stopped saving');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    this.abort.abort();
    await this.loop;
    this.save();
  }

  /** Joules counted for a miner (by database id), or null before its first power reading ever. */
  joulesOf(minerId: number | null): number | null {
    return minerId === null ? null : (this.totals.get(minerId)?.joules ?? null);
  }

  /** One power reading; public for tests and benches that drive the meter without a bus. */
  record(minerId: number, ts: number, powerW: number): void {
    if (!Number.isFinite(powerW) || powerW < 0) return;
    const previous = this.totals.get(minerId);
    let joules = previous?.joules ?? 0;
    if (previous && ts > previous.lastTs && ts - previous.lastTs <= this.maxGapMs) {
      joules += ((previous.lastPowerW + powerW) / 2) * ((ts - previous.lastTs) / 1000);
    }
    if (previous && ts <= previous.lastTs) return;
    this.totals.set(minerId, { minerId, joules, lastTs: ts, lastPowerW: powerW });
    this.dirty.add(minerId);
  }

  /** Writes the totals that changed since the last save. */
  save(): void {
    if (this.dirty.size === 0 || !this.options.store.isOpen) return;
    const batch = [...this.dirty].map((id) => this.totals.get(id)).filter((t): t is EnergyTotal => t !== undefined);
    try {
      this.repository.save(batch);
      this.dirty.clear();
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, 'cannot save the energy totals; trying again next minute');
    }
  }
}
