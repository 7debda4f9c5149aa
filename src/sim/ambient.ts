/**
 * Room temperature that follows a schedule on the device's clock, so a whole day (a cold night, a hot afternoon, a
 * spike) replays in seconds on a virtual clock. Points are either times of day (`"15:00"`, UTC on the device's clock,
 * repeating every day) or offsets from the moment the schedule is set (`afterMs`, holding the last value after the
 * last point). Between points the temperature moves in a straight line.
 */
export type AmbientPoint =
  | { at: string; ambientC: number }
  | { afterMs: number; ambientC: number };

const DAY_MS = 86_400_000;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** The same range `/__sim/faults` accepts for a fixed ambient. */
export const AMBIENT_RANGE_C = [-40, 80] as const;

export class AmbientSchedule {
  private constructor(
    /** Sorted by time: ms of the day, or ms after `startMs`. */
    private readonly points: ReadonlyArray<{ t: number; c: number }>,
    private readonly daily: boolean,
    private readonly startMs: number,
    readonly description: AmbientPoint[],
  ) {}

  /** Checks every point; throws a RangeError naming the first bad one. */
  static from(points: readonly unknown[], startMs: number): AmbientSchedule {
    if (points.length === 0) throw new RangeError('an ambient schedule needs at least one point');
    const parsed = points.map((p, i) => parsePoint(p, i));
    const daily = parsed[0]?.kind === 'daily';
    if (parsed.some((p) => (p.kind === 'daily') !== daily)) {
      throw new RangeError('ambient schedule: use either "at" (time of day) or "afterMs" (offset) for every point, not both');
    }
    const sorted = parsed.map((p) => ({ t: p.t, c: p.c })).sort((a, b) => a.t - b.t);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]?.t === sorted[i - 1]?.t) throw new RangeError('ambient schedule: two points at the same time');
    }
    return new AmbientSchedule(sorted, daily, startMs, parsed.map((p) => p.original));
  }

  /** The room temperature at `ms` on the device's clock. */
  at(ms: number): number {
    const points = this.points;
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return Number.NaN;
    if (points.length === 1) return first.c;
    const t = this.daily ? ((ms % DAY_MS) + DAY_MS) % DAY_MS : ms - this.startMs;
    if (t <= first.t || t >= last.t) {
      if (!this.daily) return t <= first.t ? first.c : last.c;
      // Across midnight: from the day's last point to the next day's first.
      const span = first.t + DAY_MS - last.t;
      const into = t >= last.t ? t - last.t : t + DAY_MS - last.t;
      return last.c + ((first.c - last.c) * into) / span;
    }
    let i = 1;
    while ((points[i]?.t ?? Infinity) < t) i++;
    const a = points[i - 1] ?? first;
    const b = points[i] ?? last;
    return a.c + ((b.c - a.c) * (t - a.t)) / (b.t - a.t);
  }
}

function parsePoint(point: unknown, index: number): { kind: 'daily' | 'offset'; t: number; c: number; original: AmbientPoint } {
  const where = `ambient schedule point ${index + 1}`;
  if (typeof point !== 'object' || point === null || Array.isArray(point)) throw new RangeError(`${where}: expected an object like {"at":"15:00","ambientC":35}`);
  const { at, afterMs, ambientC } = point as Record<string, unknown>;
  if (!(typeof ambientC === 'number' && ambientC > AMBIENT_RANGE_C[0] && ambientC < AMBIENT_RANGE_C[1])) {
    throw new RangeError(`${where}: "ambientC" must be a number in °C (${AMBIENT_RANGE_C[0]} to ${AMBIENT_RANGE_C[1]})`);
  }
  if (at !== undefined && afterMs !== undefined) throw new RangeError(`${where}: give "at" or "afterMs", not both`);
  if (typeof at === 'string') {
    const match = TIME_OF_DAY.exec(at);
    if (!match) throw new RangeError(`${where}: "at" must be HH:MM (24-hour), got ${JSON.stringify(at)}`);
    const t = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
    return { kind: 'daily', t, c: ambientC, original: { at, ambientC } };
  }
  if (typeof afterMs === 'number' && Number.isFinite(afterMs) && afterMs >= 0) {
    return { kind: 'offset', t: afterMs, c: ambientC, original: { afterMs, ambientC } };
  }
  throw new RangeError(`${where}: needs "at" ("HH:MM") or "afterMs" (a number ≥ 0)`);
}
