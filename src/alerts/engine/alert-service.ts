import { isAbortError, type Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { TypedEventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { FleetEvents } from '../../fleet/events.js';
import type { AlertEngine } from './engine.js';

export interface AlertServiceOptions {
  engine: AlertEngine;
  bus: TypedEventBus<FleetEvents>;
  clock: Clock;
  log: Logger;
  /** How often time-driven work runs (group windows, reminders, offline "for"); a second keeps alerts prompt. */
  tickIntervalMs?: number;
}

/** Runs the alert engine in the service: restores its state, listens to the fleet, and ticks its clock. */
export class AlertService implements Service {
  readonly name = 'alerts';
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private detach: (() => void) | null = null;

  constructor(private readonly options: AlertServiceOptions) {}

  start(): Promise<void> {
    this.options.engine.restore();
    this.abort = new AbortController();
    this.detach = this.options.engine.attachToFleet(this.options.bus);
    this.loop = this.run(this.abort.signal).catch((error: unknown) => {
      this.options.log.error({ err: errorMessage(error) }, 'alert clock stopped');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = null;
    this.abort.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { engine, clock, log } = this.options;
    const interval = this.options.tickIntervalMs ?? 1000;
    while (!signal.aborted) {
      try {
        await clock.sleep(interval, signal);
      } catch (error) {
        if (isAbortError(error)) return;
        throw error;
      }
      if (signal.aborted) return;
      try {
        engine.tick(clock.now());
      } catch (error) {
        // One bad tick (a store error) must not end alerting for the rest of the process's life.
        log.error({ err: errorMessage(error) }, 'alert tick failed');
      }
    }
  }
}
