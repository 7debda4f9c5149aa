import { writeFileSync } from 'node:fs';
import type { Clock } from './clock.js';
import { isAbortError } from './clock.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import type { Service } from './service.js';
import type { ServiceHealth } from './service-health.js';

/**
 * Writes the service's health state to a small file while it runs, so `axepilot health` (Docker's HEALTHCHECK) can
 * tell a healthy service from a stalled one, one that cannot save, or a dead one, without opening the database the
 * service is writing. Written every half poll interval: a stalled event loop stops it, and the file's age shows it
 * within two intervals.
 */
export class Heartbeat implements Service {
  readonly name = 'heartbeat';
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private warned = false;

  constructor(private readonly options: { path: string; clock: Clock; log: Logger; health: ServiceHealth; intervalMs: number }) {}

  start(): Promise<void> {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.beat();
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(this.options.intervalMs, signal);
        this.beat();
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.warn({ err: errorMessage(error) }, 'heartbeat stopped');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private beat(): void {
    try {
      writeFileSync(this.options.path, `${JSON.stringify(this.options.health.state())}\n`);
      this.warned = false;
    } catch (error) {
      // Once per failure, not every second: the sample writer's own error says more about the disk.
      if (!this.warned) this.options.log.warn({ path: this.options.path, err: errorMessage(error) }, 'cannot write heartbeat');
      this.warned = true;
    }
  }
}

/** Half a poll interval, between 0.5 s and 15 s. */
export function heartbeatIntervalMs(pollIntervalMs: number): number {
  return Math.min(15_000, Math.max(500, pollIntervalMs / 2));
}
