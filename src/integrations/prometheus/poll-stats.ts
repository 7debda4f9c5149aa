/** Poll timing and failures, measured where the collector calls the miner client; read by the metrics endpoint. */
import { Histogram } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import { MinerApiError, MinerUnreachableError } from '../../core/errors.js';
import type { PolledMiner } from '../../fleet/poll-loop.js';

/** Upper bounds (s) of the poll duration histogram: a healthy ESP32 answers in 50–300 ms; the client gives up at 10 s. */
export const POLL_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type PollFailureReason = 'unreachable' | 'bad_answer' | 'other';

export function pollFailureReason(error: unknown): PollFailureReason {
  if (error instanceof MinerUnreachableError) return 'unreachable';
  if (error instanceof MinerApiError) return 'bad_answer';
  return 'other';
}

export class PollStats {
  /** Registered by the metrics endpoint; not on prom-client's global registry. */
  readonly duration = new Histogram({
    name: 'axepilot_poll_duration_seconds',
    help: 'Time one poll of one miner took (/api/system/info), failures included',
    buckets: POLL_DURATION_BUCKETS,
    registers: [],
  });
  /** miner name → reason → failures since start. */
  readonly failures = new Map<string, Map<PollFailureReason, number>>();

  observe(seconds: number): void {
    this.duration.observe(seconds);
  }

  fail(miner: string, reason: PollFailureReason): void {
    const byReason = this.failures.get(miner) ?? new Map<PollFailureReason, number>();
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    this.failures.set(miner, byReason);
  }

  /** The collector's client for one miner, timing each `/api/system/info` poll and counting failed polls by class. */
  instrument(miner: string, client: PolledMiner, clock: Clock): PolledMiner {
    return {
      // Read first on every (re)connection, so a miner that never answers fails here rather than at getInfo.
      getAsic: async (signal) => {
        try {
          return await client.getAsic(signal);
        } catch (error) {
          if (!signal?.aborted) this.fail(miner, pollFailureReason(error));
          throw error;
        }
      },
      getInfo: async (signal) => {
        const started = clock.now();
        try {
          return await client.getInfo(signal);
        } catch (error) {
          if (!signal?.aborted) this.fail(miner, pollFailureReason(error));
          throw error;
        } finally {
          if (!signal?.aborted) this.observe((clock.now() - started) / 1000);
        }
      },
    };
  }
}
