import { setTimeout as wallSleep } from 'node:timers/promises';
import { isAbortError } from '../core/clock.js';

/**
 * Whether `work` settles within `ms` of wall time. What stop() waits for is an HTTP request to the chat platform,
 * which runs on wall time whatever clock axepilot runs on.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    const timeout = wallSleep(ms, false, { signal: timer.signal }).catch((error: unknown) => {
      if (isAbortError(error)) return false;
      throw error;
    });
    return await Promise.race([settled, timeout]);
  } finally {
    timer.abort();
  }
}
