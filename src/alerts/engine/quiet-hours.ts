/** Minutes since local midnight in `timeZone`. */
function localMinuteOfDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(now),
  );
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return (hour % 24) * 60 + minute;
}

function parseTimeOfDay(text: string): number {
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether `now` falls in the quiet window, local time in `timeZone`: `from` inclusive, `to` exclusive. A window
 * whose end is before its start crosses midnight (22:00–07:00); equal ends mean no quiet hours at all.
 */
export function isQuietTime(now: number, quietHours: { from: string; to: string } | null, timeZone: string): boolean {
  if (!quietHours) return false;
  const from = parseTimeOfDay(quietHours.from);
  const to = parseTimeOfDay(quietHours.to);
  if (from === to) return false;
  const minute = localMinuteOfDay(now, timeZone);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
