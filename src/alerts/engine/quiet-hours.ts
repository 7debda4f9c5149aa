import { inDailyWindow } from '../../core/local-time.js';

/**
 * Whether `now` falls in the quiet window, local time in `timeZone`: `from` inclusive, `to` exclusive. A window
 * whose end is before its start crosses midnight (22:00–07:00); equal ends mean no quiet hours at all.
 */
export function isQuietTime(now: number, quietHours: { from: string; to: string } | null, timeZone: string): boolean {
  return quietHours !== null && inDailyWindow(quietHours, now, timeZone);
}
