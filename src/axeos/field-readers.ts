/**
 * Small tolerant readers for one field of a miner's JSON. Each returns null for anything that is not what the field
 * should hold, so one odd value (a fork's string where a number belongs, a NaN, nested garbage) costs that field
 * only, never the whole poll.
 */
export type RawObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rounds away C-float artefacts (`37.5999984741211` → 37.6); integers pass untouched, however large. */
export function roundTo(value: number, decimals: number): number {
  if (Number.isInteger(value)) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A finite number, rounded to `decimals`; strings are not numbers here (wrong type → null). */
export function readNumber(raw: RawObject, key: string, decimals = 3): number | null {
  const value = raw[key];
  return typeof value === 'number' && Number.isFinite(value) ? roundTo(value, decimals) : null;
}

/** Control characters (C0, DEL, C1): a device's text never moves a terminal's cursor or hides in a log line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * Non-empty text without control characters; a number is turned into text (forks send `boardVersion` either way).
 * Redacted "" → null.
 */
export function readText(raw: RawObject, key: string): string | null {
  const value = raw[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = stripControl(value).trim();
  return text === '' ? null : text;
}

/** AxeOS sends most flags as 0/1 numbers, some as JSON booleans; forks occasionally as text. */
export function readFlag(raw: RawObject, key: string): boolean | null {
  const value = raw[key];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value !== 0 : null;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
  }
  return null;
}

/** The first key that reads as something, for fields renamed between firmware versions. */
export function firstOf<T>(raw: RawObject, keys: readonly string[], read: (raw: RawObject, key: string) => T | null): T | null {
  for (const key of keys) {
    const value = read(raw, key);
    if (value !== null) return value;
  }
  return null;
}

/**
 * A list of numbers. Forks sometimes encode arrays as strings ("[400, 490]" or "400,490"): those are read too.
 * Anything else, or a list with a non-number in it, is an empty list.
 */
export function readNumberList(raw: RawObject, key: string): number[] {
  const value = raw[key];
  const items: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[\s,[\]]+/).filter((part) => part !== '').map(Number)
      : [];
  const numbers = items.filter((item): item is number => typeof item === 'number' && Number.isFinite(item));
  return numbers.length === items.length ? numbers.map((n) => roundTo(n, 3)) : [];
}
