import { parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { minerArg, rangeArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import {
  formatCount, formatDifficulty, formatDuration, formatEfficiency, formatEnergy, formatHashrate, formatPercent,
  formatPower, formatTemp,
} from '../src/chat/format.js';
import { mono, type Reply } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import { buildMetricChart } from '../src/chat/metric-chart.js';
import { renderTimeChart } from '../src/charts/render.js';
import type { Summary } from '../src/store/summary.js';

interface HistoryArgs {
  /** null: the whole fleet. */
  miner: MinerView | null;
  range: TimeRange;
}

const FLEET_WORDS = new Set(['fleet', 'all', '*']);

/** `Watched 10m of the last 1d` + `Uptime 100.0 % of that`: uptime counts only what axepilot saw. */
function watchLines(watchedMs: number, uptimePct: number, rangeMs: number): string[] {
  // The last poll lands a few seconds before "now": within a minute of the range is the whole range.
  if (watchedMs >= rangeMs - 60_000) return [`Uptime     ${formatPercent(uptimePct, 1)} of ${formatDuration(rangeMs)}`];
  if (watchedMs <= 0) return [`Watched    not at all in the last ${formatDuration(rangeMs)}`];
  return [`Watched    ${formatDuration(watchedMs)} of the last ${formatDuration(rangeMs)}`, `Uptime     ${formatPercent(uptimePct, 1)} of that`];
}

function energyLine(energyKwh: number, services: ChatServices): string {
  const { pricePerKwh, currency } = services.config.energy;
  return `Energy     ${formatEnergy(energyKwh)}${pricePerKwh > 0 ? ` ≈ ${(energyKwh * pricePerKwh).toFixed(2)} ${currency}` : ''}`;
}

function minerLines(s: Summary, range: TimeRange, services: ChatServices): string[] {
  const jth = s.hashrateGhs.avg && s.powerW.avg !== null ? s.powerW.avg / (s.hashrateGhs.avg / 1000) : null;
  return [
    // Two short lines rather than one wide one: a phone shows about 40 monospace characters.
    `Hashrate   avg ${formatHashrate(s.hashrateGhs.avg)}`,
    `           min ${formatHashrate(s.hashrateGhs.min)}`,
    `           max ${formatHashrate(s.hashrateGhs.max)}`,
    `Expected   ${formatHashrate(s.expectedHashrateGhs)}${s.expectedHashrateGhs && s.hashrateGhs.avg ? ` → ${formatPercent((s.hashrateGhs.avg / s.expectedHashrateGhs) * 100)}` : ''}`,
    `Chip       avg ${formatTemp(s.chipTempC.avg)} (max ${formatTemp(s.chipTempC.max)})`,
    `VR         avg ${formatTemp(s.vrTempC.avg)} (max ${formatTemp(s.vrTempC.max)})`,
    `Power      avg ${formatPower(s.powerW.avg)} · ${formatEfficiency(jth)}`,
    energyLine(s.energyKwh, services),
    ...watchLines(s.watchedMs, s.uptimePct, range.ms),
    `Shares     ${formatCount(s.sharesAccepted)} accepted, ${formatCount(s.sharesRejected)} rejected`,
    `Best diff  ${formatDifficulty(s.bestDiff)}`,
  ];
}

/**
 * The fleet over a range: what the miners made together while axepilot watched (each miner's average over the
 * watched time, offline time as zero, summed), energy and shares added up.
 */
function fleetLines(miners: MinerView[], fromMs: number, toMs: number, range: TimeRange, services: ChatServices): string[] {
  const summaries = miners.flatMap((m) => (m.minerId === null ? [] : [services.store.series.summarize({ minerId: m.minerId, fromMs, toMs })]));
  const watchedMs = Math.max(services.store.watch.watchedMs(fromMs, toMs), ...summaries.map((s) => s.watchedMs));
  const made = (s: Summary): number => (s.hashrateGhs.avg !== null && s.watchedMs > 0 ? (s.hashrateGhs.avg * s.coveredMs) / s.watchedMs : 0);
  const hashrate = summaries.reduce((sum, s) => sum + made(s), 0);
  const expected = summaries.reduce((sum, s) => sum + (s.expectedHashrateGhs ?? 0), 0);
  const energy = summaries.reduce((sum, s) => sum + s.energyKwh, 0);
  const watchedH = watchedMs / 3_600_000;
  const powerW = watchedH > 0 ? (energy * 1000) / watchedH : null;
  // Miners that never answered were down all the time they were watched.
  const uptimePct = miners.length === 0 ? 0 : summaries.reduce((sum, s) => sum + s.uptimePct, 0) / miners.length;
  const bests = summaries.map((s) => s.bestDiff).filter((b): b is number => b !== null);
  return [
    `Miners     ${miners.length}`,
    `Hashrate   avg ${formatHashrate(hashrate)}`,
    ...(expected > 0 ? [`           of ${formatHashrate(expected)} expected`] : []),
    `Power      avg ${formatPower(powerW)} · ${formatEfficiency(hashrate > 0 && powerW !== null ? powerW / (hashrate / 1000) : null)}`,
    energyLine(energy, services),
    ...watchLines(watchedMs, uptimePct, range.ms),
    `Shares     ${formatCount(summaries.reduce((sum, s) => sum + s.sharesAccepted, 0))} accepted, ${formatCount(summaries.reduce((sum, s) => sum + s.sharesRejected, 0))} rejected`,
    `Best diff  ${formatDifficulty(bests.length === 0 ? null : Math.max(...bests))}`,
  ];
}

/** A miner's (or the fleet's) numbers over a range with its hashrate chart: what a week or a month looked like. */
export const historyCommand = defineCommand<HistoryArgs>({
  name: 'history',
  description: 'Averages, extremes, uptime, energy and shares over a range, with a chart; fleet for all miners',
  usage: '/history <miner|fleet> [range]',
  examples: ['/history gamma', '/history gamma 7d', '/history fleet'],
  role: 'viewer',
  args: { args: [minerArg({ required: true, alsoWords: ['fleet'], description: 'the miner, or fleet for all' }), rangeArg()] },
  parse: (words, { services }) => {
    const [minerWord, rangeWord, ...extra] = words;
    if (!minerWord) throw new UsageError('which miner? (or fleet)');
    if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
    const range = rangeWord ? parseRange(rangeWord) : { label: '24h', ms: 86_400_000 };
    if (!range) throw new UsageError(`"${rangeWord}" is not a range like 1h, 24h, 7d or 30d`);
    const miners = services.fleet.miners();
    const fleet = FLEET_WORDS.has(minerWord.toLowerCase()) && !miners.some((m) => m.name.toLowerCase() === minerWord.toLowerCase());
    return { miner: fleet ? null : resolveMiner(minerWord, miners), range };
  },
  run: async ({ miner, range }, { services }): Promise<Reply> => {
    const toMs = services.clock.now();
    const fromMs = toMs - range.ms;
    if (miner && miner.minerId === null) return { blocks: [{ kind: 'text', style: 'plain', text: `No data for ${miner.name} yet.` }] };
    const miners = miner ? [miner] : services.fleet.miners();
    const lines = miner?.minerId != null
      ? minerLines(services.store.series.summarize({ minerId: miner.minerId, fromMs, toMs }), range, services)
      : fleetLines(miners, fromMs, toMs, range, services);
    const spec = buildMetricChart({
      store: services.store, config: services.config, metric: 'hashrate', miners, fleet: !miner,
      rangeLabel: range.label, fromMs, toMs,
    });
    const png = await renderTimeChart(spec);
    const who = miner ? miner.name : 'Fleet';
    return {
      blocks: [
        { kind: 'text', style: 'title', text: `${who}, last ${range.label}` },
        mono(lines.join('\n')),
        { kind: 'image', png, filename: `history-${miner ? miner.name : 'fleet'}-${range.label}.png`, caption: spec.title },
      ],
    };
  },
});
