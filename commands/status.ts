import { resolveMiner, UsageError } from '../src/chat/args.js';
import { defineCommand } from '../src/chat/command.js';
import {
  formatCount, formatDifficulty, formatDuration, formatEfficiency, formatHashrate, formatPercent, formatPower,
  formatTable, formatTemp, NONE,
} from '../src/chat/format.js';
import { mono, reply, text, title } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';

/**
 * One word for a miner's state, worst first, so a glance at the table finds the one that needs attention. Under a
 * benchmark its hashrate, temperature and settings move on purpose: `bench` says so (faults still show first).
 */
export function minerState(miner: MinerView, chipWarnC: number, benchmarking = false): string {
  const t = miner.telemetry;
  // Up or down at this instant says little about a miner in a crash loop; the series is the news.
  if (miner.flapping) return 'flapping';
  if (!miner.online) return 'offline';
  if (!t) return 'waiting';
  if (t.overheat) return 'OVERHEAT';
  if (t.powerFault || t.hardwareFault) return 'FAULT';
  if (benchmarking) return 'bench';
  if (t.miningPaused) return 'paused';
  if (t.hashrateGhs !== null && t.hashrateGhs <= 0 && (t.uptimeS ?? 0) > 120) return 'no hash';
  if (t.chipTempC !== null && t.chipTempC >= chipWarnC) return 'hot';
  return 'ok';
}

const num = (value: number | null, digits: number): string =>
  value === null ? NONE : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function percentOfExpected(t: MinerView['telemetry']): number | null {
  if (!t || t.hashrateGhs === null || !t.expectedHashrateGhs) return null;
  return (t.hashrateGhs / t.expectedHashrateGhs) * 100;
}

function fleetTable(miners: MinerView[], chipWarnC: number, benchmarking: ReadonlySet<string>): string {
  const rows = miners.map((m) => {
    const t = m.telemetry && m.online ? m.telemetry : null;
    return [
      m.name, minerState(m, chipWarnC, benchmarking.has(m.name.toLowerCase())), num(t?.hashrateGhs ?? null, 0), num(percentOfExpected(t), 0), num(t?.chipTempC ?? null, 1),
      num(t?.vrTempC ?? null, 1), num(t?.powerW ?? null, 1), num(t?.efficiencyJth ?? null, 1), num(t?.fanPct ?? null, 0),
      t?.uptimeS != null ? formatDuration(t.uptimeS * 1000).replace(' ', '') : NONE,
    ];
  });
  return formatTable(['miner', 'state', 'GH/s', '%exp', 'chip°C', 'VR°C', 'W', 'J/TH', 'fan%', 'up'], rows, [2, 3, 4, 5, 6, 7, 8]);
}

function fleetTotals(miners: MinerView[]): string {
  const live = miners.filter((m) => m.online && m.telemetry);
  const sum = (pick: (m: MinerView) => number | null | undefined): number => live.reduce((s, m) => s + (pick(m) ?? 0), 0);
  const hashrate = sum((m) => m.telemetry?.hashrateGhs);
  const expected = sum((m) => m.telemetry?.expectedHashrateGhs);
  const power = sum((m) => m.telemetry?.powerW);
  const jth = hashrate > 0 ? power / (hashrate / 1000) : null;
  return (
    `Fleet: ${live.length} of ${miners.length} online · ${formatHashrate(hashrate)}` +
    (expected > 0 ? ` (${formatPercent((hashrate / expected) * 100)} of expected)` : '') +
    ` · ${formatPower(power)} · ${formatEfficiency(jth)}`
  );
}

function minerCard(m: MinerView, chipWarnC: number, timezoneNote: string, benchmarking = false): string {
  const t = m.telemetry;
  const lines = [`State: ${minerState(m, chipWarnC, benchmarking)}${m.online ? '' : ` (${m.lastError || 'no answer'})`}`];
  if (!t) return [...lines, 'No data yet.'].join('\n');
  const pct = percentOfExpected(t);
  const rejectedPct =
    t.sharesAccepted !== null && t.sharesRejected !== null && t.sharesAccepted + t.sharesRejected > 0
      ? (t.sharesRejected / (t.sharesAccepted + t.sharesRejected)) * 100
      : null;
  lines.push(
    `Model: ${t.model ?? '?'} (${t.asicModel ?? '?'} × ${t.asicCount ?? '?'}), firmware ${t.firmware ?? '?'}`,
    `Host: ${m.host}${t.hostname ? ` (${t.hostname})` : ''}${t.mac ? `, MAC ${t.mac}` : ''}`,
    `Hashrate: ${formatHashrate(t.hashrateGhs)} of ${formatHashrate(t.expectedHashrateGhs)} expected${pct === null ? '' : ` (${formatPercent(pct)})`}`,
    `Efficiency: ${formatEfficiency(t.efficiencyJth)} · power ${formatPower(t.powerW)} · input ${t.inputVoltageV === null ? NONE : `${num(t.inputVoltageV, 2)} V`}`,
    `Temperatures: chip ${formatTemp(t.chipTempC)} · VR ${formatTemp(t.vrTempC)}`,
    `Fan: ${formatPercent(t.fanPct)} (${formatCount(t.fanRpm)} rpm), ${t.autoFan === false ? 'manual' : `auto, target ${formatTemp(t.tempTargetC)}`}`,
    `Settings: ${formatCount(t.frequencyMhz)} MHz at ${formatCount(t.coreVoltageMv)} mV (measured ${formatCount(t.coreVoltageActualMv)} mV)`,
    `Pool: ${t.poolUrl ?? '?'}${t.usingFallbackPool ? ' (FALLBACK pool in use)' : ''}`,
    `Shares: ${formatCount(t.sharesAccepted)} accepted, ${formatCount(t.sharesRejected)} rejected${rejectedPct === null ? '' : ` (${formatPercent(rejectedPct, 2)})`}`,
    `Best difficulty: ${formatDifficulty(t.bestDiff)} all-time, ${formatDifficulty(t.bestSessionDiff)} since boot`,
    `ASIC errors: ${formatPercent(t.errorPct, 2)}`,
    `Uptime: ${t.uptimeS === null ? NONE : formatDuration(t.uptimeS * 1000)}${timezoneNote}`,
  );
  if (t.overheat) lines.push('⚠️ The firmware is in overheat mode.');
  if (t.powerFault) lines.push(`⚠️ Power fault: ${t.powerFault}`);
  if (t.hardwareFault) lines.push(`⚠️ Hardware fault: ${t.hardwareFault}`);
  return lines.join('\n');
}

export const statusCommand = defineCommand<{ miner: MinerView | null }>({
  name: 'status',
  description: 'Fleet table, or one miner in detail',
  usage: '/status [miner]',
  examples: ['/status', '/status gamma'],
  role: 'viewer',
  parse: (words, { services }) => {
    if (words.length > 1) throw new UsageError('give at most one miner');
    return { miner: words[0] ? resolveMiner(words[0], services.fleet.miners()) : null };
  },
  run: ({ miner }, { services }) => {
    const warn = services.config.limits.chipTempWarnC;
    const benchmarking = new Set((services.bench?.running() ?? []).map((r) => r.miner.toLowerCase()));
    if (miner) return Promise.resolve(reply(title(miner.name), mono(minerCard(miner, warn, '', benchmarking.has(miner.name.toLowerCase())))));
    const miners = services.fleet.miners();
    if (miners.length === 0) return Promise.resolve(reply(text('No miners are configured yet. Add them to config/axepilot.yaml.')));
    return Promise.resolve(reply(title('Fleet status'), mono(fleetTable(miners, warn, benchmarking)), text(fleetTotals(miners))));
  },
});
