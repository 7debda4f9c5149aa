/**
 * Every "now" and every wait in axepilot goes through a Clock, so that tests, benchmark evaluation and soak runs can
 * replace wall time with a virtual one and run a simulated day in seconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

/** Lets every promise chain that is ready to run, run: a few turns of the event loop, no wall time. */
export async function flushPending(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Time that moves only when told. `advance(ms)` wakes every sleeper in order of its wake time, letting the woken
 * code run (and schedule new sleeps) before moving on, so loops built on `sleep` behave as they would in real time.
 */
export class VirtualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private order = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        wakeAt: this.current + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** How many sleeps are waiting. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** When the earliest sleeper wakes, or null when nobody sleeps. */
  nextWake(): number | null {
    let next: number | null = null;
    for (const s of this.sleepers) if (next === null || s.wakeAt < next) next = s.wakeAt;
    return next;
  }

  /** Moves time forward by `ms`, waking sleepers in order and letting their code run between wakes. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPending();
    for (;;) {
      const due = this.takeEarliestDue(target);
      if (!due) break;
      this.current = Math.max(this.current, due.wakeAt);
      due.resolve();
      await flushPending();
    }
    this.current = target;
    await flushPending();
  }

  /** Sets the time directly (never backwards) without waking anyone; for tests that need a particular instant. */
  set(ms: number): void {
    this.current = Math.max(this.current, ms);
  }

  private takeEarliestDue(target: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.wakeAt > target) continue;
      if (!best || s.wakeAt < best.wakeAt || (s.wakeAt === best.wakeAt && s.order < best.order)) best = s;
    }
    if (best) this.sleepers = this.sleepers.filter((s) => s !== best);
    return best;
  }
}

/**
 * Real time that can be moved ahead at once (`jump`) for everything that shares it: tests and benchmarks that need a
 * rule's minutes-long wait to pass while real HTTP keeps running on real time.
 */
export class JumpClock implements Clock {
  private offsetMs = 0;
  private readonly real = new RealClock();

  now(): number {
    return this.real.now() + this.offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.real.sleep(ms, signal);
  }

  jump(ms: number): void {
    this.offsetMs += ms;
  }
}
