import type { Clock } from './clock.js';
import { errorMessage } from './errors.js';

/**
 * What decides whether the service is healthy, in one place: the last poll cycle of the collector (the event loop and
 * the loops are running) and the last write of samples (the disk takes them). `axepilot health` reads it from the
 * heartbeat file; an HTTP /healthz can serve `verdict()` directly.
 */
export interface HealthState {
  /** When this state was taken. */
  at: number;
  pollIntervalMs: number;
  startedAt: number;
  /** The collector's last cycle: its samples were handed to the writer (each second while it runs). */
  lastPollCycleAt: number | null;
  lastWriteOkAt: number | null;
  /** The first failed write of the failure that is still going on; null while writes succeed. */
  writeFailingSince: number | null;
  writeError: string | null;
}

export interface HealthVerdict {
  healthy: boolean;
  /** One line for a person: `healthy: last poll cycle 1 s ago, samples saved 1 s ago` or the problems. */
  summary: string;
  problems: string[];
}

/** A stalled loop is reported after two poll intervals without a cycle. */
export const STALL_INTERVALS = 2;

const seconds = (ms: number): string => `${Math.max(0, Math.round(ms / 1000))} s`;

export function judgeHealth(state: HealthState, now: number): HealthVerdict {
  const problems: string[] = [];
  const stallAfterMs = STALL_INTERVALS * state.pollIntervalMs;
  const lastCycle = state.lastPollCycleAt ?? state.startedAt;
  if (now - lastCycle > stallAfterMs) {
    problems.push(`polling has stalled: the last poll cycle was ${seconds(now - lastCycle)} ago`);
  }
  if (state.writeFailingSince !== null) {
    problems.push(`cannot save samples for ${seconds(now - state.writeFailingSince)}: ${state.writeError ?? 'unknown error'}`);
  }
  if (problems.length > 0) return { healthy: false, summary: `unhealthy: ${problems.join('; ')}`, problems };
  const saved = state.lastWriteOkAt === null ? 'no samples saved yet' : `samples saved ${seconds(now - state.lastWriteOkAt)} ago`;
  return { healthy: true, summary: `healthy: last poll cycle ${seconds(now - lastCycle)} ago, ${saved}`, problems };
}

export class ServiceHealth {
  private readonly startedAt: number;
  private lastPollCycleAt: number | null = null;
  private lastWriteOkAt: number | null = null;
  private writeFailingSince: number | null = null;
  private writeError: string | null = null;

  constructor(private readonly options: { clock: Clock; pollIntervalMs: number }) {
    this.startedAt = options.clock.now();
  }

  pollCycleDone(): void {
    this.lastPollCycleAt = this.options.clock.now();
  }

  writeSucceeded(): void {
    this.lastWriteOkAt = this.options.clock.now();
    this.writeFailingSince = null;
    this.writeError = null;
  }

  writeFailed(error: unknown): void {
    this.writeFailingSince ??= this.options.clock.now();
    this.writeError = errorMessage(error);
  }

  get writesFailing(): boolean {
    return this.writeFailingSince !== null;
  }

  state(): HealthState {
    return {
      at: this.options.clock.now(),
      pollIntervalMs: this.options.pollIntervalMs,
      startedAt: this.startedAt,
      lastPollCycleAt: this.lastPollCycleAt,
      lastWriteOkAt: this.lastWriteOkAt,
      writeFailingSince: this.writeFailingSince,
      writeError: this.writeError,
    };
  }

  verdict(): HealthVerdict {
    return judgeHealth(this.state(), this.options.clock.now());
  }
}
