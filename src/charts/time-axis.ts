/**
 * The time axis without a date adapter: a linear scale over epoch ms whose ticks sit on round local wall-clock
 * times (every 3 h at 00:00, 03:00 … in the owner's zone, midnights, Mondays, the 1st of a month) and whose labels
 * are formatted with Intl in that zone, so a chart from a Pi running in UTC still reads in the owner's local time.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Ranges up to this long are labelled with times of day; longer ones with days. */
const TIME_OF_DAY_MAX_RANGE = 2 * DAY;
/** Ranges up to this long are labelled "Mon 12"; longer ones "12 Mar". */
const WEEKDAY_MAX_RANGE = 14 * DAY;
/** Ranges longer than this are labelled by month and year ("Mar 2026"): a year's axis must say which year. */
const DAY_OF_MONTH_MAX_RANGE = 92 * DAY;

type TickStep =
  | { kind: 'clock'; ms: number }
  | { kind: 'days'; days: number }
  | { kind: 'week' }
  | { kind: 'months'; months: number };

const clockStep = (ms: number) => ({ step: { kind: 'clock', ms } as const, approxMs: ms });
const STEPS: ReadonlyArray<{ step: TickStep; approxMs: number }> = [
  ...[1, 2, 5, 10, 15, 30].map((minutes) => clockStep(minutes * MINUTE)),
  ...[1, 2, 3, 4, 6, 12].map((hours) => clockStep(hours * HOUR)),
  { step: { kind: 'days', days: 1 }, approxMs: DAY },
  { step: { kind: 'days', days: 2 }, approxMs: 2 * DAY },
  { step: { kind: 'week' }, approxMs: 7 * DAY },
  ...[1, 2, 3, 6, 12].map((months) => ({ step: { kind: 'months', months } as const, approxMs: months * 30 * DAY })),
];

export interface TimeAxisOptions {
  fromMs: number;
  toMs: number;
  /** IANA zone, e.g. "Europe/Berlin". */
  timezone: string;
  /** At most this many ticks; ~1 per 130 px keeps "Mon 12" labels apart at a 22 px font. */
  maxTicks: number;
}

export interface TimeAxis {
  /** Tick positions (epoch ms) inside [fromMs, toMs], ascending. */
  ticks: number[];
  label(ms: number): string;
  /** E.g. "Tue 12 Mar 14:05 – Wed 13 Mar 14:05 (Europe/Berlin)": the dates the HH:mm ticks leave out. */
  rangeLabel: string;
}

export function buildTimeAxis(options: TimeAxisOptions): TimeAxis {
  const { fromMs, toMs, timezone } = options;
  const zone = new ZoneClock(timezone);
  const rangeMs = Math.max(0, toMs - fromMs);
  const maxTicks = Math.max(2, Math.floor(options.maxTicks));
  const choice = STEPS.find((candidate) => rangeMs / candidate.approxMs <= maxTicks) ?? STEPS[STEPS.length - 1];
  const ticks = choice ? tickPositions(zone, fromMs, toMs, choice.step) : [];
  const format = tickFormat(timezone, rangeMs);
  // The year is said whenever the range is long enough to be misread without it, or crosses New Year.
  const withYear = rangeMs > WEEKDAY_MAX_RANGE || yearOf(fromMs, timezone) !== yearOf(toMs, timezone);
  const rangeFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' as const } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    ticks,
    label: (ms) => format.format(ms),
    rangeLabel: `${rangeText(rangeFormat, fromMs)} – ${rangeText(rangeFormat, toMs)} (${timezone})`,
  };
}

/** The label of one tick for a chart spanning `rangeMs`: "14:05", "Mon 12" or "12 Mar". */
export function formatTimeTick(ms: number, options: { timezone: string; rangeMs: number }): string {
  return tickFormat(options.timezone, options.rangeMs).format(ms);
}

function tickFormat(timezone: string, rangeMs: number): Intl.DateTimeFormat {
  if (rangeMs <= TIME_OF_DAY_MAX_RANGE) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
  if (rangeMs <= WEEKDAY_MAX_RANGE) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric' });
  }
  if (rangeMs <= DAY_OF_MONTH_MAX_RANGE) return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, day: 'numeric', month: 'short' });
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, month: 'short', year: 'numeric' });
}

function yearOf(ms: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric' }).format(ms);
}

function tickPositions(zone: ZoneClock, fromMs: number, toMs: number, step: TickStep): number[] {
  const ticks: number[] = [];
  const add = (ms: number): void => {
    // Across a DST change two wall-clock times can map to the same instant; keep each instant once.
    const last = ticks[ticks.length - 1];
    if (ms >= fromMs && ms <= toMs && (last === undefined || ms > last)) ticks.push(ms);
  };
  // Wall-clock time expressed as if it were UTC: round numbers here are round local times.
  const localFrom = zone.wallClock(fromMs);
  const localTo = zone.wallClock(toMs);
  const limit = 1000;

  if (step.kind === 'clock') {
    for (let wall = Math.ceil(localFrom / step.ms) * step.ms, n = 0; wall <= localTo + step.ms && n < limit; wall += step.ms, n++) {
      add(zone.instantOf(wall));
    }
    return ticks;
  }
  if (step.kind === 'days' || step.kind === 'week') {
    const everyDays = step.kind === 'week' ? 7 : step.days;
    // 1970-01-01 was a Thursday: shifting by 3 days puts week boundaries on Mondays.
    const phase = step.kind === 'week' ? 3 : 0;
    let day = Math.ceil(localFrom / DAY);
    const remainder = (((day + phase) % everyDays) + everyDays) % everyDays;
    if (remainder !== 0) day += everyDays - remainder;
    for (let n = 0; day * DAY <= localTo + DAY && n < limit; day += everyDays, n++) add(zone.instantOf(day * DAY));
    return ticks;
  }
  const start = new Date(localFrom);
  let month = start.getUTCFullYear() * 12 + start.getUTCMonth();
  month += (step.months - (month % step.months)) % step.months;
  for (let n = 0; n < limit; month += step.months, n++) {
    const wall = Date.UTC(Math.floor(month / 12), month % 12, 1);
    if (wall > localTo + DAY) break;
    add(zone.instantOf(wall));
  }
  return ticks;
}

/** Converts between instants and the wall clock of one IANA zone. */
class ZoneClock {
  private readonly parts: Intl.DateTimeFormat;

  constructor(timezone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The local wall-clock time at `ms`, as epoch ms of the same reading in UTC. */
  wallClock(ms: number): number {
    const field: Record<string, number> = {};
    for (const part of this.parts.formatToParts(ms)) field[part.type] = Number(part.value);
    const wholeSecond = Math.floor(ms / 1000) * 1000;
    const wall = Date.UTC(field.year ?? 1970, (field.month ?? 1) - 1, field.day ?? 1, field.hour ?? 0, field.minute ?? 0, field.second ?? 0);
    return wall + (ms - wholeSecond);
  }

  /** The instant whose local wall clock reads `wall`; for a wall time skipped by DST, the instant just after it. */
  instantOf(wall: number): number {
    const guess = wall - (this.wallClock(wall) - wall);
    const offset = this.wallClock(guess) - guess;
    return wall - offset;
  }
}

/** "Tue 2 Dec 2025, 07:02": en-GB's parts in one order, with or without the year (Intl adds commas with it). */
function rangeText(format: Intl.DateTimeFormat, ms: number): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string => format.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  const year = part('year');
  return `${part('weekday')} ${part('day')} ${part('month')}${year ? ` ${year}` : ''}, ${part('hour')}:${part('minute')}`;
}
