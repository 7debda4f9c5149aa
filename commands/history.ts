import { parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { defineCommand } from '../src/chat/command.js';
import {
  formatCount, formatDifficulty, formatDuration, formatEfficiency, formatEnergy, formatHashrate, formatPercent,
  formatPower, formatTemp,
} from '../src/chat/format.js';
import { mono, type Reply } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { buildMetricChart } from '../src/chat/metric-chart.js';
import { renderTimeChart } from '../src/charts/render.js';

interface HistoryArgs {
  miner: MinerView;
  range: TimeRange;
}

/** A miner's numbers over a range with its hashrate chart: what a week or a month looked like. */
export const historyCommand = defineCommand<HistoryArgs>({
  name: 'history',
  description: 'Averages, extremes, uptime, energy and shares over a range, with a chart',
  usage: '/history <miner> [range]',
  examples: ['/history gamma', '/history gamma 7d'],
  role: 'viewer',
  parse: (words, { services }) => {
    const [minerWord, rangeWord, ...extra] = words;
    if (!minerWord) throw new UsageError('which miner?');
    if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
    const range = rangeWord ? parseRange(rangeWord) : { label: '24h', ms: 86_400_000 };
    if (!range) throw new UsageError(`"${rangeWord}" is not a range like 1h, 24h, 7d or 30d`);
    return { miner: resolveMiner(minerWord, services.fleet.miners()), range };
  },
  run: async ({ miner, range }, { services }): Promise<Reply> => {
    const toMs = services.clock.now();
    const fromMs = toMs - range.ms;
    if (miner.minerId === null) return { blocks: [{ kind: 'text', style: 'plain', text: `No data for ${miner.name} yet.` }] };
    const s = services.store.series.summarize({ minerId: miner.minerId, fromMs, toMs });
    const { pricePerKwh, currency } = services.config.energy;
    const jth = s.hashrateGhs.avg && s.powerW.avg !== null ? s.powerW.avg / (s.hashrateGhs.avg / 1000) : null;
    const lines = [
      `Hashrate   avg ${formatHashrate(s.hashrateGhs.avg)} (min ${formatHashrate(s.hashrateGhs.min)}, max ${formatHashrate(s.hashrateGhs.max)})`,
      `Expected   ${formatHashrate(s.expectedHashrateGhs)}${s.expectedHashrateGhs && s.hashrateGhs.avg ? ` → ${formatPercent((s.hashrateGhs.avg / s.expectedHashrateGhs) * 100)}` : ''}`,
      `Chip       avg ${formatTemp(s.chipTempC.avg)} (max ${formatTemp(s.chipTempC.max)})`,
      `VR         avg ${formatTemp(s.vrTempC.avg)} (max ${formatTemp(s.vrTempC.max)})`,
      `Power      avg ${formatPower(s.powerW.avg)} · ${formatEfficiency(jth)}`,
      `Energy     ${formatEnergy(s.energyKwh)}${pricePerKwh > 0 ? ` ≈ ${(s.energyKwh * pricePerKwh).toFixed(2)} ${currency}` : ''}`,
      `Uptime     ${formatPercent(s.uptimePct, 1)} of ${formatDuration(range.ms)}`,
      `Shares     ${formatCount(s.sharesAccepted)} accepted, ${formatCount(s.sharesRejected)} rejected`,
      `Best diff  ${formatDifficulty(s.bestDiff)}`,
    ];
    const spec = buildMetricChart({
      store: services.store, config: services.config, metric: 'hashrate', miners: [miner], fleet: false,
      rangeLabel: range.label, fromMs, toMs,
    });
    const png = await renderTimeChart(spec);
    return {
      blocks: [
        { kind: 'text', style: 'title', text: `${miner.name}, last ${range.label}` },
        mono(lines.join('\n')),
        { kind: 'image', png, filename: `history-${miner.name}-${range.label}.png`, caption: spec.title },
      ],
    };
  },
});
