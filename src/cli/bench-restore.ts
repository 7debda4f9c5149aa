/**
 * The end of `axepilot bench` when the miner has not confirmed its settings from before yet (it answered late, or
 * still reported the test point a moment after the write): the command keeps the guard's retries going until the
 * miner reports the original settings or a deadline passes, instead of exiting 0 with the restore cancelled by its
 * own shutdown. Past the deadline it says what the miner is left at and that the next `axepilot start` finishes it.
 */
import type { MinerClient } from '../axeos/client.js';
import type { Clock } from '../core/clock.js';
import type { SettingsGuard } from '../control/guard.js';
import { describeSettings, settingsFromTelemetry } from '../control/settings.js';

/** Long enough for a miner that is slow to report, or rebooting (~10 s), with the guard's growing retry pauses. */
export const RESTORE_DEADLINE_MS = 2 * 60_000;

export interface PendingRestoreOutcome {
  restored: boolean;
  /** For the owner when not restored: where the miner is, and what happens next. */
  message: string | null;
}

export async function finishPendingRestore(options: {
  guard: SettingsGuard;
  miner: string;
  client: MinerClient;
  clock: Clock;
  deadlineMs?: number;
  /** A second Ctrl-C: stop waiting now (the restore point stays for the next start). */
  signal?: AbortSignal;
}): Promise<PendingRestoreOutcome> {
  const { guard, miner, clock } = options;
  const deadline = new AbortController();
  const timer = clock.sleep(options.deadlineMs ?? RESTORE_DEADLINE_MS, deadline.signal).then(
    () => deadline.abort(new Error('deadline')),
    () => undefined,
  );
  const onAbort = (): void => deadline.abort(new Error('interrupted'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let restored: boolean;
  try {
    restored = await guard.restoreSettled(miner, deadline.signal);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!deadline.signal.aborted) deadline.abort(new Error('done'));
    await timer;
  }
  if (restored) return { restored: true, message: null };
  const original = guard.restorePointOf(miner)?.settings;
  let leftAt: string;
  try {
    const now = settingsFromTelemetry((await options.client.getInfo()).telemetry);
    leftAt = now ? describeSettings(now) : 'settings it does not report';
  } catch {
    const known = guard.currentSettings(miner);
    leftAt = known ? `${describeSettings(known)} as far as axepilot knows (it does not answer)` : 'unknown settings (it does not answer)';
  }
  return {
    restored: false,
    message: `${miner} has not confirmed its settings from before${original ? ` (${describeSettings(original)})` : ''}: ` +
      `it is left at ${leftAt}. The restore point is kept; the next \`axepilot start\` (or \`axepilot bench\` of this miner) will finish it.`,
  };
}
