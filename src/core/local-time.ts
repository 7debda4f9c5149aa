/**
 * Local times for people, in the owner's configured zone: "2026-11-22 08:15", "14:02", minutes since midnight for
 * quiet hours and schedules. One formatter per zone, built once (constructing an Intl.DateTimeFormat costs ~100 µs).
 */

export interface LocalParts {
  year: string;
  month: string;
  day: string;
  /** 00–23. */
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  // Some engines still say "24" for midnight even with h23.
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') === '24' ? '00' : get('hour'), minute: get('minute') };
}

/** `2026-11-22`. */
export function localDate(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `14:02`. */
export function localClock(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** `2026-11-22 08:15`. */
export function localDateTime(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Minutes since local midnight, for quiet hours and schedules. */
export function localMinuteOfDay(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Number(p.hour) * 60 + Number(p.minute);
}

/** `"22:30"` → 1350 (the config has already checked the shape). */
export function minuteOfDayOf(text: string): number {
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether `now` falls in a daily window of local time: `from` inclusive, `to` exclusive. A window whose end comes
 * before its start crosses midnight (22:00–07:00); equal ends mean no window at all.
 */
export function inDailyWindow(window: { from: string; to: string }, now: number, timeZone: string): boolean {
  const from = minuteOfDayOf(window.from);
  const to = minuteOfDayOf(window.to);
  if (from === to) return false;
  const minute = localMinuteOfDay(now, timeZone);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
