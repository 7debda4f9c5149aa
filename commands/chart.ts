import { looksLikeMiner, parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { defineCommand } from '../src/chat/command.js';
import type { Reply, ReplyButton } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { CHART_METRICS, type ChartMetric } from '../src/chat/metric-chart.js';
import { inlineHeavyWork } from '../src/chat/heavy-work-jobs.js';

const METRIC_WORDS: Record<string, ChartMetric> = {
  hashrate: 'hashrate', hash: 'hashrate', hr: 'hashrate',
  temp: 'temp', temps: 'temp', temperature: 'temp', temperatures: 'temp',
  power: 'power', watts: 'power', w: 'power',
  efficiency: 'efficiency', eff: 'efficiency', jth: 'efficiency',
  fan: 'fan', fans: 'fan',
};

export const CHART_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;

export interface ChartArgs {
  /** null = the whole fleet. */
  miner: MinerView | null;
  metric: ChartMetric;
  range: TimeRange;
}

/** Words in any order: `/chart temp gamma 6h` and `/chart 6h gamma temp` mean the same. */
export function parseChartWords(words: string[], miners: readonly MinerView[]): ChartArgs {
  let miner: MinerView | null | undefined;
  let metric: ChartMetric | undefined;
  let range: TimeRange | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    const asRange = parseRange(lower);
    if (asRange) range = asRange;
    else if (METRIC_WORDS[lower]) metric = METRIC_WORDS[lower];
    else if (lower === 'fleet' || lower === 'all') miner = null;
    else if (looksLikeMiner(word, miners)) miner = resolveMiner(word, miners);
    else {
      // resolveMiner's message lists the miners, the most likely thing the owner meant.
      if (miners.length > 0 && !/^\d/.test(word)) resolveMiner(word, miners);
      throw new UsageError(`"${word}" is not a miner, a metric (${CHART_METRICS.join(', ')}) or a range (${CHART_RANGES.join(', ')})`);
    }
  }
  return {
    miner: miner === undefined ? (miners.length === 1 ? (miners[0] ?? null) : null) : miner,
    metric: metric ?? 'hashrate',
    range: range ?? { label: '24h', ms: 86_400_000 },
  };
}

function chartButtons(target: string, args: ChartArgs): ReplyButton[][] {
  const button = (label: string, line: string): ReplyButton => ({ label, action: { kind: 'command', line, edit: true } });
  return [
    CHART_RANGES.map((r) => button(r === args.range.label ? `• ${r}` : r, `chart ${target} ${args.metric} ${r}`)),
    CHART_METRICS.map((m) => button(m === args.metric ? `• ${m}` : m, `chart ${target} ${m} ${args.range.label}`)),
  ];
}

export const chartCommand = defineCommand<ChartArgs>({
  name: 'chart',
  description: 'A chart image of one miner or the fleet',
  usage: `/chart [miner|fleet] [${CHART_METRICS.join('|')}] [range]`,
  examples: ['/chart', '/chart gamma temp 6h', '/chart fleet power 7d'],
  role: 'viewer',
  parse: (words, { services }) => parseChartWords(words, services.fleet.miners()),
  run: async (args, { services }): Promise<Reply> => {
    const toMs = services.clock.now();
    const miners = args.miner ? [args.miner] : services.fleet.miners();
    // Days of a whole fleet are hundreds of thousands of rows: read and drawn off the event loop when it can be.
    const heavy = services.heavy ?? inlineHeavyWork(services.store, services.config);
    const spec = await heavy.chart({
      metric: args.metric, miners: miners.map(({ name, minerId }) => ({ name, minerId })), fleet: args.miner === null,
      rangeLabel: args.range.label, fromMs: toMs - args.range.ms, toMs,
    });
    const png = spec.png;
    const target = args.miner?.name ?? 'fleet';
    return {
      blocks: [{ kind: 'image', png, filename: `chart-${target}-${args.metric}-${args.range.label}.png`, caption: spec.title }],
      buttons: chartButtons(target, args),
    };
  },
});

