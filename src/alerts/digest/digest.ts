import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/store.js';
import type { AlertHistory, FiredAlert } from '../delivery/alert-history.js';
import { formatDigestBlocks } from './digest-format.js';
import type { Message } from '../../messaging/message.js';

export const DIGEST_RANGE_MS = 24 * 3_600_000;

export interface DigestMiner {
  name: string;
  /** null while the miner has never answered: it has no history yet. */
  minerId: number | null;
}

/** One line of the digest: a miner's last 24 h, or the fleet's. */
export interface DigestLine {
  name: string;
  /** Average over the time axepilot watched; time offline in it counts as zero, so it is what the pool saw. */
  hashrateGhs: number | null;
  /** What the chips should do at their frequency, averaged over the time they answered. */
  expectedGhs: number | null;
  pctOfExpected: number | null;
  /** Energy per hash over the time it hashed. */
  jth: number | null;
  energyKwh: number;
  /** null when no electricity price is configured. */
  cost: number | null;
  /** Of the time axepilot watched. */
  uptimePct: number;
  /** How much of the 24 h axepilot was watching (it may have been installed an hour ago). */
  watchedMs: number;
  bestDiff: number | null;
  sharesAccepted: number;
  sharesRejected: number;
  alertsFired: number;
}

export interface DigestNumbers {
  fromMs: number;
  toMs: number;
  miners: DigestLine[];
  fleet: DigestLine;
  fired: FiredAlert[];
  /** What the autopilot did and said, per miner name (only miners it acted on). */
  autopilot: Array<{ name: string; notices: number }>;
  currency: string;
}

export interface DigestInput {
  store: Store;
  config: Pick<Config, 'timezone' | 'energy'>;
  miners: readonly DigestMiner[];
  history: AlertHistory;
  now: number;
  /** The fleet's hashrate chart over [fromMs, toMs) as a PNG; null or absent = a digest without a chart. */
  chart?: (fromMs: number, toMs: number) => Promise<Buffer | null>;
  /** The numbers computed elsewhere (off the event loop); computed here from `store` when absent. */
  numbers?: DigestNumbers;
}

const JOULES_PER_KWH = 3_600_000;

function minerLine(input: DigestInput, miner: DigestMiner, fromMs: number, toMs: number, fired: readonly FiredAlert[]): DigestLine {
  const price = input.config.energy.pricePerKwh;
  // By name too: a miner that never answered has no id, but the alerts about it name it.
  const name = miner.name.toLowerCase();
  const alertsFired = fired.filter((f) => (miner.minerId !== null && f.minerId === miner.minerId) || f.miner?.toLowerCase() === name).length;
  if (miner.minerId === null) {
    return {
      name: miner.name, hashrateGhs: null, expectedGhs: null, pctOfExpected: null, jth: null, energyKwh: 0,
      cost: price > 0 ? 0 : null, uptimePct: 0, watchedMs: input.store.watch.watchedMs(fromMs, toMs), bestDiff: null,
      sharesAccepted: 0, sharesRejected: 0, alertsFired,
    };
  }
  const s = input.store.series.summarize({ minerId: miner.minerId, fromMs, toMs });
  const whileUp = s.hashrateGhs.avg;
  const hashrateGhs = whileUp === null || s.watchedMs <= 0 ? null : (whileUp * s.coveredMs) / s.watchedMs;
  const teraHashes = whileUp === null ? 0 : (whileUp / 1000) * (s.coveredMs / 1000);
  return {
    name: miner.name,
    hashrateGhs,
    expectedGhs: s.expectedHashrateGhs,
    pctOfExpected: hashrateGhs !== null && s.expectedHashrateGhs ? (hashrateGhs / s.expectedHashrateGhs) * 100 : null,
    jth: teraHashes > 0 ? (s.energyKwh * JOULES_PER_KWH) / teraHashes : null,
    energyKwh: s.energyKwh,
    cost: price > 0 ? s.energyKwh * price : null,
    uptimePct: s.uptimePct,
    watchedMs: s.watchedMs,
    bestDiff: s.bestDiff,
    sharesAccepted: s.sharesAccepted,
    sharesRejected: s.sharesRejected,
    alertsFired,
  };
}

function sumOrNull(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

function fleetLine(lines: readonly DigestLine[], fired: readonly FiredAlert[]): DigestLine {
  const hashrateGhs = sumOrNull(lines.map((l) => l.hashrateGhs));
  const expectedGhs = sumOrNull(lines.map((l) => (l.hashrateGhs === null ? null : l.expectedGhs)));
  const energyKwh = lines.reduce((sum, l) => sum + l.energyKwh, 0);
  // Hashes of each miner back from its J/TH, so the fleet's J/TH weighs every miner by the work it did.
  const teraHashes = lines.reduce((sum, l) => sum + (l.jth ? (l.energyKwh * JOULES_PER_KWH) / l.jth : 0), 0);
  const bests = lines.map((l) => l.bestDiff).filter((v): v is number => v !== null);
  return {
    name: 'fleet',
    hashrateGhs,
    expectedGhs,
    pctOfExpected: hashrateGhs !== null && expectedGhs ? (hashrateGhs / expectedGhs) * 100 : null,
    jth: teraHashes > 0 ? (energyKwh * JOULES_PER_KWH) / teraHashes : null,
    energyKwh,
    cost: sumOrNull(lines.map((l) => l.cost)),
    uptimePct: lines.length === 0 ? 0 : lines.reduce((sum, l) => sum + l.uptimePct, 0) / lines.length,
    watchedMs: lines.reduce((most, l) => Math.max(most, l.watchedMs), 0),
    bestDiff: bests.length === 0 ? null : Math.max(...bests),
    sharesAccepted: lines.reduce((sum, l) => sum + l.sharesAccepted, 0),
    sharesRejected: lines.reduce((sum, l) => sum + l.sharesRejected, 0),
    alertsFired: fired.length,
  };
}

/** The digest's numbers over the 24 h before `now`, per miner and for the fleet. */
export function computeDigest(input: DigestInput): DigestNumbers {
  const toMs = input.now;
  const fromMs = toMs - DIGEST_RANGE_MS;
  const fired = input.history.firedBetween(fromMs, toMs);
  const miners = input.miners.map((miner) => minerLine(input, miner, fromMs, toMs, fired));
  const notices = input.history.autopilotNoticesBetween(fromMs, toMs);
  const autopilot = input.miners
    .map((m) => ({ name: m.name, notices: m.minerId === null ? 0 : notices.filter((n) => n.minerId === m.minerId).length }))
    .filter((m) => m.notices > 0);
  return { fromMs, toMs, miners, fleet: fleetLine(miners, fired), fired, autopilot, currency: input.config.energy.currency };
}

/** The daily digest as a message: the numbers as text, then the fleet's 24 h hashrate chart. */
export async function buildDigest(input: DigestInput): Promise<Message> {
  const numbers = input.numbers ?? computeDigest(input);
  const blocks = formatDigestBlocks(numbers, { timeZone: input.config.timezone });
  const png = input.chart ? await input.chart(numbers.fromMs, numbers.toMs) : null;
  if (png) blocks.push({ kind: 'image', png, filename: 'digest-fleet-hashrate-24h.png', caption: 'Fleet hashrate, last 24 h' });
  return { blocks, buttons: [] };
}
