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

/**
 * Finds a miner the way an owner names it: the exact name, its host (with or without port), a unique prefix, and
 * failing those the closest name ("did you mean"). A word that fits several miners asks which; the error lists
 * what exists.
 */
export function resolveMiner(word: string, miners: readonly MinerView[]): MinerView {
  const key = word.trim().toLowerCase();
  const exact = miners.find((m) => m.name.toLowerCase() === key);
  if (exact) return exact;
  const byHost = miners.filter((m) => hostForms(m.host).includes(key));
  if (byHost.length === 1 && byHost[0]) return byHost[0];
  if (byHost.length > 1) {
    throw new UsageError(`${word} is the address of ${listNames(byHost)}; which one? Name it, e.g. ${byHost[0]?.name ?? ''}`);
  }
  const prefixed = miners.filter((m) => m.name.toLowerCase().startsWith(key));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  if (prefixed.length > 1) {
    throw new UsageError(`"${word}" matches ${prefixed.map((m) => m.name).join(", ")}; type more of the name`);
  }
  const names = miners.map((m) => m.name).join(', ') || '(none configured)';
  const close = closestNames(key, miners);
  if (close.length > 0) throw new UsageError(`no miner called "${word}"; did you mean ${listNames(close, 'or')}?`);
  throw new UsageError(`no miner called "${word}". Miners: ${names}`);
}

/** `http://192.168.1.20:80` is also `192.168.1.20:80` and `192.168.1.20`. */
function hostForms(host: string): string[] {
  const bare = host.toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return [host.toLowerCase(), bare, bare.split(':')[0] ?? bare];
}

function listNames(miners: readonly MinerView[], last = 'and'): string {
  const names = miners.map((m) => m.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1) ?? ''}`;
}

/** Names within a typo or two of the word (a third of its length at most), nearest first. */
function closestNames(key: string, miners: readonly MinerView[]): MinerView[] {
  const allowed = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  const scored = miners
    .map((m) => ({ m, distance: Math.min(editDistance(key, m.name.toLowerCase()), editDistance(key, m.name.toLowerCase().slice(0, key.length))) }))
    .filter((s) => s.distance <= allowed);
  const best = Math.min(...scored.map((s) => s.distance));
  return scored.filter((s) => s.distance === best).map((s) => s.m);
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit ("gmama"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] ?? [];
      const up = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return rows[a.length]?.[b.length] ?? 0;
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
