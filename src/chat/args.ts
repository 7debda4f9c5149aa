import { z } from 'zod';
import { UserError } from '../core/errors.js';
import type { MinerView } from './services.js';

/** Bad arguments: the message says what was wrong; the router adds the command's usage line. */
export class UsageError extends UserError {}

/** Splits a command line into words; "double quotes" keep spaces together. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2] ?? '');
  return words;
}

/** `/Status@my_bot gamma` → `status`, `['gamma']`. Null when the line is not a command. */
export function splitCommand(line: string): { name: string; words: string[] } | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return null;
  const [head = '', ...words] = tokenize(trimmed.slice(1));
  const name = head.split('@')[0]?.toLowerCase() ?? '';
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(name)) return null;
  return { name, words };
}

export interface TimeRange {
  /** As the owner typed it, normalized: `24h`, `7d`. */
  label: string;
  ms: number;
}

const RANGE_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const rangeWord = z.string().regex(/^(\d{1,4})(m|min|h|d|w)$/i);

/** `1h`, `6h`, `24h`, `7d`, `30d`, `90m`, `2w`; between 10 minutes and a year. Null when the word is not a range. */
export function parseRange(word: string): TimeRange | null {
  const parsed = rangeWord.safeParse(word.trim());
  if (!parsed.success) return null;
  const match = /^(\d+)(m|min|h|d|w)$/i.exec(parsed.data);
  const amount = Number(match?.[1]);
  const unit = (match?.[2] ?? 'h').toLowerCase().slice(0, 1);
  const ms = amount * (RANGE_UNITS[unit] ?? 0);
  if (ms < 10 * 60_000 || ms > 366 * 86_400_000) {
    throw new UsageError(`a range must be between 10m and 365d, not "${word}"`);
  }
  return { label: `${amount}${unit}`, ms };
}

/** Finds a miner by exact name, unique prefix, or host/IP; the error lists what exists. */
export function resolveMiner(word: string, miners: readonly MinerView[]): MinerView {
  const key = word.trim().toLowerCase();
  const exact = miners.find((m) => m.name.toLowerCase() === key);
  if (exact) return exact;
  const byHost = miners.find((m) => {
    const host = m.host.toLowerCase();
    return host === key || host.replace(/^https?:\/\//, '') === key || host.replace(/^https?:\/\//, '').split(':')[0] === key;
  });
  if (byHost) return byHost;
  const prefixed = miners.filter((m) => m.name.toLowerCase().startsWith(key));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  const names = miners.map((m) => m.name).join(', ') || '(none configured)';
  if (prefixed.length > 1) {
    throw new UsageError(`"${word}" matches ${prefixed.map((m) => m.name).join(', ')}; type more of the name`);
  }
  throw new UsageError(`no miner called "${word}". Miners: ${names}`);
}

/** Whether a word names a miner (without throwing), for commands whose arguments may come in any order. */
export function looksLikeMiner(word: string, miners: readonly MinerView[]): boolean {
  try {
    resolveMiner(word, miners);
    return true;
  } catch {
    // Not a miner: the caller tries the word as something else.
    return false;
  }
}

/** A whole number within bounds, e.g. `/events gamma 20`. */
export function parseCount(word: string, min: number, max: number): number | null {
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(word);
  return parsed.success ? parsed.data : null;
}
