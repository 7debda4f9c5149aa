import { setTimeout as wallSleep } from 'node:timers/promises';
import { isAbortError } from '../../core/clock.js';

/**
 * Whether `work` settles within `ms` of wall time. Telegram's deadlines (answering a button press, telegraf's own
 * HTTP calls) run on wall time whatever clock axepilot runs on, so these waits do not go through `Clock`.
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
