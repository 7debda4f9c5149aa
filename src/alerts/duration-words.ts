const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `1h`, `8h`, `1.5h`, `2d`, `1w` → milliseconds; null when the word is not a duration. */
export function parseDurationWord(word: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(word.trim());
  if (!match?.[1] || !match[2]) return null;
  const ms = Number(match[1]) * (UNIT_MS[match[2].toLowerCase()] ?? 0);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : null;
}
