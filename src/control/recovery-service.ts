/**
 * Runs the guard's restore-point recovery for the life of the service: at start, restore points a crash left behind
 * are applied as soon as their miners answer; at stop, the retries end (the rows stay for the next start).
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { SettingsGuard } from './guard.js';

export class RestoreRecoveryService implements Service {
  readonly name = 'settings restore';
  private abort = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly options: { guard: SettingsGuard; log: Logger }) {}

  start(): Promise<void> {
    this.abort = new AbortController();
    const pending = this.options.guard.pendingRestorePoints();
    if (pending.length > 0) {
      this.options.log.warn({ miners: pending.map((p) => p.miner) }, 'restoring settings left behind by an interrupted benchmark or tuning run');
    }
    this.running = this.options.guard.recoverRestorePoints(this.abort.signal, { untilFound: true }).catch((error: unknown) => {
      this.options.log.error({ err: errorMessage(error) }, 'restore recovery failed');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.options.guard.stop();
  }
}
