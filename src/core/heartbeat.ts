import { writeFileSync } from 'node:fs';
import type { Clock } from './clock.js';
import { isAbortError } from './clock.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import type { Service } from './service.js';

/**
 * Touches a small file while the service runs, so `axepilot health` (Docker's HEALTHCHECK) can tell a running service
 * from a hung or dead one without opening the database the service is writing.
 */
export class Heartbeat implements Service {
  readonly name = 'heartbeat';
  private abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly options: { path: string; clock: Clock; log: Logger; intervalMs?: number }) {}

  start(): Promise<void> {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.beat();
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(this.options.intervalMs ?? 15_000, signal);
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
      writeFileSync(this.options.path, `${new Date(this.options.clock.now()).toISOString()}\n`);
    } catch (error) {
      this.options.log.warn({ path: this.options.path, err: errorMessage(error) }, 'cannot write heartbeat');
    }
  }
}
