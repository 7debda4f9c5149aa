import type { z } from 'zod';
import { redactSecrets } from '../core/redact.js';
import { minerDeviceKey } from './host.js';

/** `miners[1].host` from `['miners', 1, 'host']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

const KINDS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping' };

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  return KINDS[typeof value] ?? typeof value;
}

/** One validator issue in an owner's words, with its path. */
export function plainIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  const last = issue.path.at(-1);
  const parent = issue.path.slice(0, -1).join('.');
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key(s) ${issue.keys.join(', ')}`;
  // The likeliest mistake after /whoami: the bare number it shows, without the platform.
  if ((parent === 'chat.admins' || parent === 'chat.viewers') && typeof last === 'number' && typeof input === 'number') {
    return `${where}: write "telegram:${input}" (or "discord:${input}"), in quotes, so axepilot knows which platform the id is from`;
  }
  // The schema's own words (e.g. "must be at least 2 seconds") are already plain; zod's defaults are not.
  if (!/^(Too (big|small)|Invalid input)/.test(issue.message)) return `${where}: ${issue.message}`;
  if (issue.code === 'invalid_type') {
    if (input === undefined) return `${where}: is missing (${KINDS[issue.expected] ?? issue.expected} is needed here)`;
    return `${where}: must be ${KINDS[issue.expected] ?? issue.expected}, not ${kindOf(input)}${typeof input === 'string' ? ` ("${input}")` : ''}`;
  }
  if (issue.code === 'too_big') return `${where}: must be at most ${String(issue.maximum)}${typeof input === 'number' ? `, not ${input}` : ''}`;
  if (issue.code === 'too_small') {
    if (issue.origin === 'string') return `${where}: is empty`;
    return `${where}: must be at least ${String(issue.minimum)}${typeof input === 'number' ? `, not ${input}` : ''}`;
  }
  return `${where}: ${issue.message}`;
}

type Raw = Record<string, unknown>;

const asObject = (value: unknown): Raw => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {});
const asNumber = (value: unknown, fallback: number): number | null =>
  value === undefined ? fallback : typeof value === 'number' ? value : null;

/**
 * Problems between fields, found on the raw input so they are listed in the same run as the field errors, not
 * only after those are fixed. More checks join this list (one function each).
 */
export const CROSS_CHECKS: Array<(raw: Raw) => string[]> = [duplicateMiners, warnBelowCrit, influxComplete];

export function crossCheck(raw: Raw): string[] {
  return CROSS_CHECKS.flatMap((check) => check(raw));
}

function duplicateMiners(raw: Raw): string[] {
  const problems: string[] = [];
  const names = new Map<string, number>();
  const hosts = new Map<string, number>();
  const miners = Array.isArray(raw.miners) ? raw.miners : [];
  miners.forEach((entry, index) => {
    const miner = asObject(entry);
    if (typeof miner.name === 'string' && miner.name.trim() !== '') {
      const key = miner.name.trim().toLowerCase();
      const first = names.get(key);
      if (first !== undefined) problems.push(`miners[${index}].name: "${miner.name.trim()}" is already used by miners[${first}]`);
      else names.set(key, index);
    }
    // One device under two names would be polled twice as often (AxeOS serves one request at a time) and both
    // loops would write into the same miner row (identity is the MAC), its name flipping between the two.
    if (typeof miner.host === 'string') {
      let key: string;
      try {
        key = minerDeviceKey(miner.host.trim());
      } catch {
        return; // the schema already said what is wrong with this address
      }
      const first = hosts.get(key);
      if (first === undefined) {
        hosts.set(key, index);
        return;
      }
      const other = asObject(miners[first]);
      const otherName = typeof other.name === 'string' ? other.name : '';
      const otherHost = typeof other.host === 'string' ? other.host : '';
      problems.push(
        `miners[${index}].host: "${redactSecrets(miner.host)}" is the same device as miners[${first}] ("${otherName}", ` +
          `${redactSecrets(otherHost)}); list each miner once`,
      );
    }
  });
  return problems;
}

function warnBelowCrit(raw: Raw): string[] {
  const problems: string[] = [];
  const pair = (where: string, limits: Raw, warnKey: string, critKey: string, warnDefault: number, critDefault: number): void => {
    const warn = asNumber(limits[warnKey], warnDefault);
    const crit = asNumber(limits[critKey], critDefault);
    if (warn !== null && crit !== null && warn >= crit) {
      problems.push(`${where}.${warnKey}: ${warn} °C must be below ${where}.${critKey} (${crit} °C): the warning comes first`);
    }
  };
  const limits = asObject(raw.limits);
  pair('limits', limits, 'chipTempWarnC', 'chipTempCritC', 70, 75);
  pair('limits', limits, 'vrTempWarnC', 'vrTempCritC', 90, 105);
  const miners = Array.isArray(raw.miners) ? raw.miners : [];
  miners.forEach((entry, index) => {
    const own = asObject(asObject(entry).limits);
    if (Object.keys(own).length === 0) return;
    const global = (key: string, fallback: number): number => asNumber(limits[key], fallback) ?? fallback;
    pair(`miners[${index}].limits`, own, 'chipTempWarnC', 'chipTempCritC', global('chipTempWarnC', 70), global('chipTempCritC', 75));
    pair(`miners[${index}].limits`, own, 'vrTempWarnC', 'vrTempCritC', global('vrTempWarnC', 90), global('vrTempCritC', 105));
  });
  return problems;
}

/** An InfluxDB push that is on needs somewhere to write. */
function influxComplete(raw: Raw): string[] {
  const influx = asObject(asObject(raw.export).influx);
  if (influx.enabled !== true) return [];
  const problems: string[] = [];
  const missing = (key: string): boolean => influx[key] === undefined || influx[key] === null || influx[key] === '';
  if (missing('url')) problems.push('export.influx.url: is needed when export.influx.enabled is true');
  if (missing('bucket') && missing('db')) {
    problems.push('export.influx: set bucket (InfluxDB 2/3, with org) or db (InfluxDB 1, VictoriaMetrics, Telegraf)');
  }
  return problems;
}
