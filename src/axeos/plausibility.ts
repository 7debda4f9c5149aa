/**
 * What a miner (or anything answering on its address) may claim. A hashrate of 1e308, negative share counts or a
 * 900 kB "MAC" are not readings: stored, they put "∞ TH/s" in the digest and 2E308 on a chart axis, and a MAC
 * is the miner's identity in the database. Such values become null ("no reading"), and the caller hears which field
 * and what was sent, once, so it can log it.
 */
import { stripControl } from './field-readers.js';
import type { MinerModel } from './models.js';
import type { Telemetry } from './telemetry.js';

export interface ImplausibleReading {
  /** A Telemetry field, or the miner's own key for a value that is no number at all (`power: 1e999`). */
  field: string;
  /** What was sent, shortened and printable, for one log line. */
  value: string;
}

type Bounds = readonly [min: number, max: number];

/** Generous on purpose: a reading is refused only when no working board could send it. */
const NUMBER_BOUNDS: Partial<Record<keyof Telemetry, Bounds>> = {
  chipTempC: [-40, 150],
  chipTemp2C: [-40, 150],
  vrTempC: [-40, 150],
  tempTargetC: [0, 150],
  coreVoltageMv: [0, 2000],
  coreVoltageActualMv: [0, 2000],
  frequencyMhz: [0, 3000],
  fanPct: [0, 100],
  fanRpm: [0, 30_000],
  powerW: [0, 5000],
  inputVoltageV: [0, 60],
  currentA: [0, 500],
  errorPct: [0, 100],
  sharesAccepted: [0, Number.MAX_SAFE_INTEGER],
  sharesRejected: [0, Number.MAX_SAFE_INTEGER],
  blocksFound: [0, 1_000_000],
  // A share's difficulty beyond 1e20 is a hash nobody has ever found (the network's is ~1.5e14 in 2026).
  bestDiff: [0, 1e20],
  bestSessionDiff: [0, 1e20],
  poolDifficulty: [0, 1e20],
  networkDifficulty: [0, 1e20],
  uptimeS: [0, 100 * 365 * 86_400],
  wifiRssi: [-127, 20],
  asicCount: [1, 64],
  smallCoreCount: [1, 100_000],
};

const HASHRATE_FIELDS = ['hashrateGhs', 'hashrate1mGhs', 'hashrate10mGhs', 'hashrate1hGhs', 'expectedHashrateGhs'] as const;

/** 100 TH/s: ten times the largest board of the family, for a miner whose model is unknown. */
const ANY_MINER_MAX_GHS = 100_000;

/** Four times the model's top frequency option: room for overclocking far past the options and for noise. */
export function hashrateCeilingGhs(model: MinerModel | undefined): number {
  if (!model) return ANY_MINER_MAX_GHS;
  const topMhz = Math.max(...model.frequencyOptionsMhz, model.defaultFrequencyMhz);
  return (4 * topMhz * model.smallCoresPerAsic * model.asicCount) / 1000;
}

/** Longest text kept per field; longer text is cut (with "…"), never stored whole. */
const TEXT_LIMITS: Partial<Record<keyof Telemetry, number>> = {
  hostname: 64,
  ipv4: 45,
  boardVersion: 32,
  asicModel: 32,
  firmware: 64,
  poolUrl: 256,
  powerFault: 200,
  hardwareFault: 200,
};

const MAC = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;

const NOT_A_NUMBER = /^\s*[-+]?(nan|inf|infinity)\s*$/i;

/**
 * Top-level values of an answer that claim to be numbers and are none (`1e999` parses as Infinity, `"NaN"`): they
 * already read as no reading; this only lets the owner hear about them, under the miner's own key.
 */
export function reportNonNumbers(raw: Record<string, unknown>, report: (reading: ImplausibleReading) => void): void {
  for (const [key, value] of Object.entries(raw)) {
    const notFinite = typeof value === 'number' && !Number.isFinite(value);
    if (notFinite || (typeof value === 'string' && NOT_A_NUMBER.test(value))) report({ field: key, value: printable(value) });
  }
}

/** A short printable rendering of whatever was sent, for a log line. */
export function printable(value: unknown, max = 40): string {
  const text = stripControl(typeof value === 'string' ? value : String(value));
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

export function isMac(text: string): boolean {
  return MAC.test(text);
}

/**
 * Returns `telemetry` with every implausible number and invalid identity replaced by null (text cut to its limit),
 * and the efficiency recomputed from what remains; `report` hears each field dropped.
 */
export function boundReadings(
  telemetry: Telemetry,
  model: MinerModel | undefined,
  report: (reading: ImplausibleReading) => void,
): Telemetry {
  const out: Telemetry = { ...telemetry };
  const record = out as unknown as Record<string, unknown>;
  const drop = (field: keyof Telemetry, value: unknown): void => {
    record[field] = null;
    report({ field, value: printable(value) });
  };
  for (const [field, bounds] of Object.entries(NUMBER_BOUNDS) as Array<[keyof Telemetry, Bounds]>) {
    const value = out[field];
    if (typeof value === 'number' && (value < bounds[0] || value > bounds[1])) drop(field, value);
  }
  const ceiling = hashrateCeilingGhs(model);
  for (const field of HASHRATE_FIELDS) {
    const value = out[field];
    if (value !== null && (value < 0 || value > ceiling)) drop(field, value);
  }
  if (out.mac !== null && !isMac(out.mac)) drop('mac', out.mac);
  for (const [field, limit] of Object.entries(TEXT_LIMITS) as Array<[keyof Telemetry, number]>) {
    const value = out[field];
    if (typeof value === 'string' && value.length > limit) {
      record[field] = `${value.slice(0, limit - 1)}…`;
      report({ field, value: printable(value) });
    }
  }
  if (telemetry.efficiencyJth !== null && (out.powerW === null || out.hashrateGhs === null)) out.efficiencyJth = null;
  return out;
}
