import type { Clock } from '../core/clock.js';

/**
 * The demo's simulated miners live on this clock: it starts a day in the past, the history writer walks it forward
 * to "now", and from then on it is the service's own clock. So the devices' physics run on without a seam: the
 * miners the newcomer watches are the ones whose day they see in the charts.
 */
export class DemoClock implements Clock {
  private behindMs = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() - this.behindMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.base.sleep(ms, signal);
  }

  /** Sets "now" to a moment in the past (never the future): the history writer's cursor. */
  setTo(ms: number): void {
    this.behindMs = Math.max(0, this.base.now() - ms);
  }

  /** Back to the service's time. */
  catchUp(): void {
    this.behindMs = 0;
  }
}
