/** Numbers as people read them on a phone: TH/s above 1000 GH/s, one decimal for temperatures, separators. */

import { formatDifficultyValue, formatSpan, grouped as group } from '../core/units.js';
import { localDateTime } from '../core/local-time.js';

export const NONE = '—';

export function formatHashrate(ghs: number | null | undefined): string {
  if (ghs === null || ghs === undefined || !Number.isFinite(ghs)) return NONE;
  if (Math.abs(ghs) >= 1000) return `${group(ghs / 1000, 2)} TH/s`;
  return `${group(ghs, 0)} GH/s`;
}

export function formatTemp(celsius: number | null | undefined): string {
  return celsius === null || celsius === undefined ? NONE : `${group(celsius, 1)} °C`;
}

export function formatPower(watts: number | null | undefined): string {
  return watts === null || watts === undefined ? NONE : `${group(watts, 1)} W`;
}

export function formatEfficiency(jth: number | null | undefined): string {
  return jth === null || jth === undefined ? NONE : `${group(jth, 1)} J/TH`;
}

export function formatPercent(pct: number | null | undefined, digits = 0): string {
  return pct === null || pct === undefined || !Number.isFinite(pct) ? NONE : `${group(pct, digits)} %`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : group(value, 0);
}

export function formatEnergy(kwh: number | null | undefined): string {
  if (kwh === null || kwh === undefined) return NONE;
  return kwh < 10 ? `${group(kwh, 3)} kWh` : `${group(kwh, 1)} kWh`;
}

/** Share difficulty the way miners talk about it: 4.29G, 138M, 483k. */
export function formatDifficulty(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return formatDifficultyValue(value);
}

/** The house style for how long (core/units.ts `formatSpan`): `42 s`, `12 min`, `5 h 12 min`, `3 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  return formatSpan(ms);
}

/** A monospace table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: string[][], rightAligned: readonly number[] = [], gap = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join(gap)
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Local date and time in the configured zone, e.g. `2026-11-22 08:15`. */
export function formatLocalTime(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone);
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-22T08:15:05+01:00`: unambiguous in a spreadsheet and for people. */
export function formatIsoInZone(ms: number, timeZone: string): string {
  return isoInZoneFormatter(timeZone)(ms);
}

const isoFormatters = new Map<string, (ms: number) => string>();

/** Zones change their offset on quarter hours of UTC at the finest (DST, and the odd :30/:45 zones). */
const OFFSET_STEP_MS = 15 * 60_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * One formatter per zone, built once: constructing an Intl.DateTimeFormat costs ~100 µs, which an export of a
 * million rows paid on every row. The zone's offset is asked of Intl once per quarter hour of UTC; the rest is
 * arithmetic, so an export's rows (in time order) cost well under a microsecond each.
 */
export function isoInZoneFormatter(timeZone: string): (ms: number) => string {
  const cached = isoFormatters.get(timeZone);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hour12: false, timeZoneName: 'longOffset',
  });
  let step = Number.NaN;
  let offsetText = '+00:00';
  let offsetMs = 0;
  const learnOffset = (ms: number): void => {
    const parts = format.formatToParts(new Date(ms));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const text = parts.find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') ?? '';
    offsetText = text || '+00:00';
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
    offsetMs = local - (ms - (ms % 1000));
  };
  const formatter = (ms: number): string => {
    const thisStep = Math.floor(ms / OFFSET_STEP_MS);
    if (thisStep !== step) {
      step = thisStep;
      learnOffset(thisStep * OFFSET_STEP_MS);
    }
    const d = new Date(ms + offsetMs);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:` +
      `${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${offsetText}`;
  };
  isoFormatters.set(timeZone, formatter);
  return formatter;
}
