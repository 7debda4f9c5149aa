import { setTimeout as wallSleep } from 'node:timers/promises';
import { isAbortError } from './clock.js';

/**
 * Whether `work` settles within `ms` of wall time. What shutdown waits for (an HTTP request to a chat platform,
 * telegraf's own calls, a button press's deadline) runs on wall time whatever clock axepilot runs on, so this wait
 * does not go through `Clock`.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    const timeout = wallSleep(ms, false, { signal: timer.signal }).catch((error: unknown) => {
      // Aborted because `work` won the race: nothing timed out.
      if (isAbortError(error)) return false;
      throw error;
    });
    return await Promise.race([settled, timeout]);
  } finally {
    timer.abort();
  }
}
