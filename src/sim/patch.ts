import type { FirmwareProfile } from './profiles.js';
import type { FlashSettings } from './settings.js';

/**
 * `PATCH /api/system`: a partial JSON object of settings. Unknown keys are ignored (200). From v2.11 a known key with
 * a wrong type or out of range answers 400 `Wrong API input` and nothing is saved; older ESP-Miner and NerdQAxe
 * skip a value they cannot read and save the rest (the real ≤ 2.10 would store a string's 0; the simulator ignores
 * it rather than invent a brick). Frequency and voltage are not checked against `frequencyOptions`: the firmware
 * never did.
 */
export type PatchResult = { ok: true; keys: string[] } | { ok: false; message: string };

type Check = (value: unknown) => boolean;

interface KeyRule {
  /** Type only: what a lenient firmware needs to use the value. */
  type: Check;
  /** Type and range: what v2.11+ insists on. */
  strict: Check;
  apply(settings: FlashSettings, value: unknown): void;
}

const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isInteger: Check = (v) => typeof v === 'number' && Number.isInteger(v);
const isString: Check = (v) => typeof v === 'string';
const isFlag: Check = (v) => v === 0 || v === 1 || typeof v === 'boolean';
const intIn = (min: number, max: number): Check => (v) => isInteger(v) && (v as number) >= min && (v as number) <= max;
const numberIn = (min: number, max: number): Check => (v) => isNumber(v) && (v as number) >= min && (v as number) <= max;
const stringUpTo = (max: number, pattern?: RegExp): Check => (v) =>
  typeof v === 'string' && v.length <= max && (pattern === undefined || pattern.test(v));
const asNumber = (v: unknown): number => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

function numberRule(field: NumericField, strict: Check, type: Check = isNumber): KeyRule {
  return { type, strict, apply: (settings, value) => { settings[field] = asNumber(value); } };
}

function stringRule(field: StringField, strict: Check): KeyRule {
  return { type: isString, strict, apply: (settings, value) => { settings[field] = String(value); } };
}

type NumericField = { [K in keyof FlashSettings]: FlashSettings[K] extends number ? K : never }[keyof FlashSettings];
type StringField = { [K in keyof FlashSettings]: FlashSettings[K] extends string ? K : never }[keyof FlashSettings];

const HOSTNAME = /^[A-Za-z0-9-]{1,32}$/;

const CORE_RULES: Record<string, KeyRule> = {
  frequency: numberRule('frequencyMhz', numberIn(1, 1200)),
  coreVoltage: numberRule('coreVoltageMv', intIn(1, 1800)),
  autofanspeed: numberRule('fanMode', isFlag, (v) => isNumber(v) || typeof v === 'boolean'),
  minFanSpeed: numberRule('minFanPct', intIn(0, 100)),
  hostname: stringRule('hostname', stringUpTo(32, HOSTNAME)),
  ssid: stringRule('ssid', stringUpTo(32)),
  wifiPass: { type: isString, strict: stringUpTo(63), apply: () => undefined },
  display: stringRule('display', stringUpTo(32)),
  rotation: numberRule('rotation', (v) => v === 0 || v === 90 || v === 180 || v === 270),
  invertscreen: numberRule('invertscreen', isFlag, (v) => isNumber(v) || typeof v === 'boolean'),
  displayTimeout: numberRule('displayTimeout', intIn(-1, 1440)),
  overclockEnabled: numberRule('overclockEnabled', isFlag, (v) => isNumber(v) || typeof v === 'boolean'),
  statsFrequency: numberRule('statsFrequency', intIn(0, 3600)),
};

const STRATUM_RULES: Record<string, KeyRule> = {
  stratumURL: stringRule('stratumURL', stringUpTo(128)),
  stratumPort: numberRule('stratumPort', intIn(1, 65535)),
  stratumUser: stringRule('stratumUser', stringUpTo(128)),
  stratumPassword: stringRule('stratumPassword', stringUpTo(64)),
  stratumSuggestedDifficulty: numberRule('stratumSuggestedDifficulty', intIn(1, 2 ** 32 - 1)),
  stratumExtranonceSubscribe: numberRule('stratumExtranonceSubscribe', isFlag, (v) => isNumber(v) || typeof v === 'boolean'),
  fallbackStratumURL: stringRule('fallbackStratumURL', stringUpTo(128)),
  fallbackStratumPort: numberRule('fallbackStratumPort', intIn(1, 65535)),
  fallbackStratumUser: stringRule('fallbackStratumUser', stringUpTo(128)),
  fallbackStratumPassword: stringRule('fallbackStratumPassword', stringUpTo(64)),
  fallbackStratumSuggestedDifficulty: numberRule('fallbackStratumSuggestedDifficulty', intIn(1, 2 ** 32 - 1)),
  fallbackStratumExtranonceSubscribe: numberRule('fallbackStratumExtranonceSubscribe', isFlag, (v) => isNumber(v) || typeof v === 'boolean'),
};

/** 2.15's `pools[]`: the first entry is the primary pool, the second the fallback. */
const POOLS_RULE: KeyRule = {
  type: Array.isArray,
  strict: (v) => Array.isArray(v) && v.length <= 2 && v.every(isPoolEntry),
  apply(settings, value) {
    const [primary, fallback] = (value as unknown[]).filter(isPoolEntry);
    if (primary) Object.assign(settings, poolFields(primary, 'stratum'));
    if (fallback) Object.assign(settings, poolFields(fallback, 'fallbackStratum'));
  },
};

interface PoolEntry { url?: string; port?: number; user?: string; password?: string }

function isPoolEntry(v: unknown): v is PoolEntry {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  return (e.url === undefined || stringUpTo(128)(e.url)) && (e.port === undefined || intIn(1, 65535)(e.port))
    && (e.user === undefined || stringUpTo(128)(e.user)) && (e.password === undefined || stringUpTo(64)(e.password));
}

function poolFields(entry: PoolEntry, prefix: 'stratum' | 'fallbackStratum'): Partial<FlashSettings> {
  const out: Record<string, string | number> = {};
  if (entry.url !== undefined) out[`${prefix}URL`] = entry.url;
  if (entry.port !== undefined) out[`${prefix}Port`] = entry.port;
  if (entry.user !== undefined) out[`${prefix}User`] = entry.user;
  if (entry.password !== undefined) out[`${prefix}Password`] = entry.password;
  return out;
}

export function rulesFor(profile: FirmwareProfile): Record<string, KeyRule> {
  const rules: Record<string, KeyRule> = { ...CORE_RULES };
  rules[profile.manualFanKey] = numberRule('manualFanPct', intIn(0, 100));
  rules[profile.tempTargetKey] = numberRule('tempTargetC', intIn(35, 66));
  if (profile.family === 'nerdqaxe') {
    // NerdQAxe's autofanspeed is a mode, not a flag.
    rules.autofanspeed = numberRule('fanMode', intIn(0, 3));
  } else {
    // Only clearing is meaningful; v2.11+ refuses anything else.
    rules.overheat_mode = numberRule('overheatMode', (v) => v === 0, isInteger);
  }
  if (profile.poolsArray) rules.pools = POOLS_RULE;
  else Object.assign(rules, STRATUM_RULES);
  return rules;
}

export function applyPatch(profile: FirmwareProfile, settings: FlashSettings, body: string | undefined): PatchResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'not a JSON object' };
  const rules = rulesFor(profile);
  const known = Object.entries(parsed as Record<string, unknown>).filter(([key]) => Object.hasOwn(rules, key));
  if (profile.rejectsBadInput) {
    const bad = known.find(([key, value]) => !rules[key]?.strict(value));
    if (bad) return { ok: false, message: `Wrong API input (${bad[0]})` };
  }
  const applied: string[] = [];
  for (const [key, value] of known) {
    const rule = rules[key];
    if (!rule || !rule.type(value)) continue;
    rule.apply(settings, value);
    applied.push(key);
  }
  return { ok: true, keys: applied };
}
