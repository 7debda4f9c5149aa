/**
 * One miner in detail, as `/status <miner>` shows it: what it does now, and what is wrong, in lines short enough for
 * a phone. A miner that does not answer shows when it was last seen instead of its last numbers as if they were live.
 */
import { describeProtectionDrop, type ProtectionDrop } from '../fleet/firmware-protection.js';
import {
  formatCount, formatDifficulty, formatDuration, formatEfficiency, formatHashrate, formatPercent,
  formatPower, formatTemp, NONE,
} from './format.js';
import { wrapForPhone } from '../core/phone-text.js';
import type { MinerView } from './services.js';
import { localClock } from '../core/local-time.js';

/**
 * One word for a miner's state, worst first, so a glance at the table finds the one that needs attention. Under a
 * benchmark its hashrate, temperature and settings move on purpose: `bench` says so (faults still show first).
 */
export function minerState(miner: MinerView, chipWarnC: number, benchmarking = false): string {
  const t = miner.telemetry;
  // Up or down at this instant says little about a miner in a crash loop; the series is the news.
  if (miner.flapping) return 'flapping';
  if (!miner.online) return miner.notAxeOs ? 'not AxeOS' : 'offline';
  if (!t) return 'waiting';
  const drop = miner.degraded ?? null;
  // ≤ 2.10 keeps the overheat flag while it hashes at its safe point: that is a degraded miner, not a stopped one.
  if (t.overheat && !(drop && !drop.stopped)) return 'OVERHEAT';
  if (t.powerFault || t.hardwareFault) return 'FAULT';
  if (benchmarking) return 'bench';
  if (t.miningPaused) return 'paused';
  if (t.hashrateGhs !== null && t.hashrateGhs <= 0 && (t.uptimeS ?? 0) > 120) return 'no hash';
  if (drop) return 'degraded';
  if (t.chipTempC !== null && t.chipTempC >= chipWarnC) return 'hot';
  return 'ok';
}

export function percentOfExpected(t: MinerView['telemetry']): number | null {
  if (!t || t.hashrateGhs === null || !t.expectedHashrateGhs) return null;
  return (t.hashrateGhs / t.expectedHashrateGhs) * 100;
}

const num = (value: number | null, digits: number): string =>
  value === null ? NONE : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });


/** The usual words for Wi-Fi signal strength (AxeOS shows the dBm; owners ask "is that good?"). */
export function wifiWords(rssi: number | null): string {
  if (rssi === null) return NONE;
  const quality = rssi >= -50 ? 'excellent' : rssi >= -60 ? 'good' : rssi >= -70 ? 'fair' : 'weak';
  return `${rssi} dBm (${quality})`;
}

/** A pool user is often a 62-character address plus `.worker`: keep its start and the worker, which tell it apart. */
export function shortPoolUser(user: string, max = 30): string {
  if (user.length <= max) return user;
  const dot = user.lastIndexOf('.');
  const worker = dot > 0 && user.length - dot <= 16 ? user.slice(dot) : '';
  const keep = max - worker.length - 1;
  return `${user.slice(0, Math.ceil(keep / 2))}…${user.slice(user.length - worker.length - Math.floor(keep / 2))}`;
}

/** The state line and, under it, what the firmware's protection left the miner at. */
export function degradedLines(drop: ProtectionDrop, timeZone: string): string[] {
  const [settings = '', was = ''] = describeProtectionDrop(drop).split(' (');
  return [`  firmware protection (${localClock(drop.since, timeZone)}):`, `  ${settings}`, `  (${was}`];
}

function offlineCard(m: MinerView, context: CardContext): string[] {
  const { now, timeZone } = context;
  const lines = [`State: ${minerState(m, context.chipWarnC)}`];
  if (m.notAxeOs) lines.push('The host answers, but not as an AxeOS', 'miner: is this the right address?');
  lines.push(
    m.lastGoodPollAt === null
      ? 'Never seen since axepilot started.'
      : `Last seen ${localClock(m.lastGoodPollAt, timeZone)} (${formatDuration(now - m.lastGoodPollAt)} ago)`,
  );
  if (m.lastError) lines.push(`Error: ${m.lastError}`);
  lines.push(`Host: ${bareHost(m.host)}`);
  const t = m.telemetry;
  if (t) {
    lines.push(
      `Model: ${t.model ?? '?'}, firmware ${t.firmware ?? '?'}`,
      `Settings then: ${formatCount(t.frequencyMhz)} MHz / ${formatCount(t.coreVoltageMv)} mV`,
    );
  }
  return lines;
}

/** `http://192.168.1.20:80` → `192.168.1.20:80`: the scheme costs a phone line and says nothing. */
/** A miner's address as owners type it: without `http://` and a trailing slash. */
export function bareHost(host: string): string {
  return host.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

function poolLines(t: NonNullable<MinerView['telemetry']>): string[] {
  const lines = [`Pool: ${(t.poolUrl ?? '?').replace(/^stratum\+tcp:\/\//, '')}`];
  if (t.usingFallbackPool) lines.push('  ⚠️ on its FALLBACK pool');
  if (t.poolUser) lines.push(`  user ${shortPoolUser(t.poolUser)}`);
  if (t.poolResponseMs !== null) lines.push(`  response ${num(t.poolResponseMs, 0)} ms`);
  return lines;
}

export interface CardContext {
  chipWarnC: number;
  now: number;
  timeZone: string;
  /** Names (lower case) of the miners a benchmark is running on. */
  benchmarking?: ReadonlySet<string>;
}

const underBenchmark = (m: MinerView, context: CardContext): boolean => context.benchmarking?.has(m.name.toLowerCase()) ?? false;

/** The card's lines, each wrapped to a phone's width (a long error or pool address wraps instead of widening it). */
export function minerCard(m: MinerView, context: CardContext): string {
  return cardLines(m, context).flatMap((line) => wrapForPhone(line)).join('\n');
}

function cardLines(m: MinerView, context: CardContext): string[] {
  const t = m.telemetry;
  if (!m.online) return offlineCard(m, context);
  const lines = [`State: ${minerState(m, context.chipWarnC, underBenchmark(m, context))}`];
  if (!t) return [...lines, 'No data yet.'];
  if (m.degraded && !m.degraded.stopped) lines.push(...degradedLines(m.degraded, context.timeZone));
  const pct = percentOfExpected(t);
  const rejectedPct =
    t.sharesAccepted !== null && t.sharesRejected !== null && t.sharesAccepted + t.sharesRejected > 0
      ? (t.sharesRejected / (t.sharesAccepted + t.sharesRejected)) * 100
      : null;
  // Short lines, the most asked first: a portrait phone shows about 40 monospace characters.
  lines.push(
    `Hashrate: ${formatHashrate(t.hashrateGhs)}${pct === null ? '' : ` (${formatPercent(pct)})`}`,
    `  expected ${formatHashrate(t.expectedHashrateGhs)}`,
    `  10-min average ${formatHashrate(t.hashrate10mGhs)}`,
    `Temp: chip ${formatTemp(t.chipTempC)} · VR ${formatTemp(t.vrTempC)}`,
    `Power: ${formatPower(t.powerW)} · ${formatEfficiency(t.efficiencyJth)}`,
    `  input ${t.inputVoltageV === null ? NONE : `${num(t.inputVoltageV, 2)} V`}`,
    `Fan: ${formatPercent(t.fanPct)}, ${formatCount(t.fanRpm)} rpm`,
    `  ${t.autoFan === false ? 'manual' : `auto, target ${formatTemp(t.tempTargetC)}`}`,
    `Settings: ${formatCount(t.frequencyMhz)} MHz, ${formatCount(t.coreVoltageMv)} mV`,
    `  measured ${formatCount(t.coreVoltageActualMv)} mV`,
    ...poolLines(t),
    `Shares: ${formatCount(t.sharesAccepted)} accepted`,
    `  ${formatCount(t.sharesRejected)} rejected${rejectedPct === null ? '' : ` (${formatPercent(rejectedPct, 2)})`}`,
    `Best diff: ${formatDifficulty(t.bestDiff)} all-time`,
    `  ${formatDifficulty(t.bestSessionDiff)} since boot`,
    `ASIC errors: ${formatPercent(t.errorPct, 2)}`,
    `Wi-Fi: ${wifiWords(t.wifiRssi)}`,
    `Uptime: ${t.uptimeS === null ? NONE : formatDuration(t.uptimeS * 1000)}`,
    `Model: ${t.model ?? '?'}, ${t.asicModel ?? '?'} × ${t.asicCount ?? '?'}`,
    `Firmware: ${t.firmware ?? '?'}`,
    `Host: ${bareHost(m.host)}`,
    ...(t.hostname ? [`  name ${t.hostname}`] : []),
    ...(t.mac ? [`  MAC ${t.mac}`] : []),
  );
  if (t.overheat) lines.push('⚠️ The firmware is in overheat mode.');
  if (t.powerFault) lines.push(`⚠️ Power fault: ${t.powerFault}`);
  if (t.hardwareFault) lines.push(`⚠️ Hardware fault: ${t.hardwareFault}`);
  return lines;
}
