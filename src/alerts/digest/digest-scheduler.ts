import cron, { type ScheduledTask, type TaskOptions } from 'node-cron';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';

/** node-cron's `createTask`; tests pass their own to fire the digest without waiting for 08:00. */
export type CreateCronTask = (expression: string, run: () => Promise<void>, options: TaskOptions) => ScheduledTask;

export interface DigestSchedulerOptions {
  enabled: boolean;
  /** `HH:MM`, local time in `timeZone` (config `digest.time`). */
  time: string;
  timeZone: string;
  /** Builds the digest and puts it in the outbox. */
  send: () => Promise<void>;
  log: Logger;
  createTask?: CreateCronTask;
}

/** `08:00` → `0 8 * * *`: minute, hour, every day. */
export function dailyCronExpression(time: string): string {
  const [hours = '0', minutes = '0'] = time.split(':');
  return `${Number(minutes)} ${Number(hours)} * * *`;
}

/**
 * Sends the daily digest at `digest.time` in the configured time zone, through node-cron 4 (which follows the
 * zone's daylight saving time; a fall-back hour runs once). Wall-clock scheduling is the point here, so this does
 * not go through `Clock`.
 */
export class DigestScheduler implements Service {
  readonly name = 'daily digest';
  private task: ScheduledTask | null = null;

  constructor(private readonly options: DigestSchedulerOptions) {}

  /** When the next digest goes out; null when off. */
  get nextRun(): Date | null {
    return this.task?.getNextRun() ?? null;
  }

  async start(): Promise<void> {
    const { enabled, time, timeZone, log } = this.options;
    if (!enabled || this.task) {
      if (!enabled) log.info('daily digest is off (digest.enabled: false)');
      return;
    }
    const create = this.options.createTask ?? ((expression, run, options) => cron.createTask(expression, run, options));
    this.task = create(dailyCronExpression(time), () => this.run(), { name: 'axepilot daily digest', timezone: timeZone, noOverlap: true });
    await this.task.start();
    // `at`, not `time`: pino's own `time` key is the line's timestamp, and a second one overwrites it for JSON readers.
    log.info({ at: time, timeZone, next: this.task.getNextRun()?.toISOString() }, 'daily digest scheduled');
  }

  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    await task?.destroy();
  }

  /** One digest; a failure is logged and tomorrow's still comes. */
  private async run(): Promise<void> {
    try {
      await this.options.send();
      this.options.log.info('daily digest queued');
    } catch (error) {
      this.options.log.error({ err: errorMessage(error) }, 'daily digest failed');
    }
  }
}
