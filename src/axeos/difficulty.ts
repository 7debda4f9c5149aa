/**
 * Share difficulty as AxeOS reports it. Up to v2.10 `bestDiff`/`bestSessionDiff` are strings formatted by the
 * firmware's `suffix_string()` ("13M", "4.29G", "483k", "0"); v2.10 alone puts a space before the suffix
 * ("2.03 G"); from v2.11 they are plain numbers.
 */
const SUFFIX_EXPONENT: Readonly<Record<string, number>> = { k: 3, K: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const DIFFICULTY_TEXT = /^(\d+(?:\.\d+)?|\.\d+)\s?([kKMGTPE])?$/;

/** The difficulty as a number, or null when the value is not one (negative, NaN, an unknown suffix, garbage). */
export function parseDifficulty(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = DIFFICULTY_TEXT.exec(value.trim());
  if (!match) return null;
  const [, mantissa = '', suffix] = match;
  // Scaling in decimal notation ("4.29e9") instead of multiplying floats keeps 4.29G at exactly 4 290 000 000.
  const exponent = suffix === undefined ? 0 : (SUFFIX_EXPONENT[suffix] ?? 0);
  const parsed = Number(`${mantissa}e${exponent}`);
  return Number.isFinite(parsed) ? parsed : null;
}
