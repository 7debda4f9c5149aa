import { editDistance, looksLikeMiner, parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { rangeFittingData } from '../src/chat/chart-range.js';
import { minerArg, rangeArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import type { Reply, ReplyButton } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import { CHART_METRICS, type ChartMetric } from '../src/chat/metric-chart.js';
import { inlineHeavyWork } from '../src/chat/heavy-work-jobs.js';

type ChatServicesStore = ChatServices['store'];

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
  /** null = fits the data there is (24 h once there is a day of it). */
  range: TimeRange | null;
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
      // A typo is answered with what it was closest to: a metric ("temprature") or a miner ("gmma").
      const metricWord = Object.keys(METRIC_WORDS).find((w) => w.length > 2 && editDistance(lower, w) <= Math.max(1, Math.floor(w.length / 4)));
      if (metricWord) throw new UsageError(`"${word}" is not a metric; did you mean ${METRIC_WORDS[metricWord] ?? metricWord}?`);
      const typo = /^\d/.test(word) || miners.length === 0 ? null : didYouMeanMiner(word, miners);
      if (typo) throw new UsageError(typo);
      const names = miners.map((m) => m.name).join(', ');
      throw new UsageError(`"${word}" is not a miner (${names || 'none configured'}), a metric (${CHART_METRICS.join(', ')}) or a range (${CHART_RANGES.join(', ')})`);
    }
  }
  return {
    miner: miner === undefined ? (miners.length === 1 ? (miners[0] ?? null) : null) : miner,
    metric: metric ?? 'hashrate',
    range: range ?? null,
  };
}

/** resolveMiner's "did you mean" for a word near a miner's name; null when it is near none. */
function didYouMeanMiner(word: string, miners: readonly MinerView[]): string | null {
  try {
    resolveMiner(word, miners);
    return null;
  } catch (error) {
    return error instanceof UsageError && error.message.includes('did you mean') ? error.message : null;
  }
}

function chartButtons(target: string, args: ChartArgs & { range: TimeRange }): ReplyButton[][] {
  // The chart shown is marked in the label too: Telegram has no button colours.
  const button = (label: string, line: string, selected: boolean): ReplyButton =>
    ({ label: selected ? `• ${label}` : label, ...(selected ? { intent: 'selected' as const } : {}), action: { kind: 'command', line, edit: true } });
  return [
    CHART_RANGES.map((r) => button(r, `chart ${target} ${args.metric} ${r}`, r === args.range.label)),
    CHART_METRICS.map((m) => button(m, `chart ${target} ${m} ${args.range.label}`, m === args.metric)),
  ];
}

export const chartCommand = defineCommand<ChartArgs>({
  name: 'chart',
  description: 'A chart image of one miner or the fleet',
  usage: `/chart [miner|fleet] [${CHART_METRICS.join('|')}] [range]`,
  examples: ['/chart', '/chart gamma temp 6h', '/chart fleet power 7d'],
  role: 'viewer',
  // Any order (parseChartWords); Discord sends them in this one.
  args: {
    args: [
      minerArg({ alsoWords: ['fleet'], description: 'the miner, or fleet (default: the fleet)' }),
      { name: 'metric', kind: 'choice', choices: CHART_METRICS, description: 'what to draw (default: hashrate)' },
      rangeArg({ description: 'how far back (default: what the data fills)' }),
    ],
  },
  parse: (words, { services }) => parseChartWords(words, services.fleet.miners()),
  run: async (args, { services }): Promise<Reply> => {
    const toMs = services.clock.now();
    const miners = args.miner ? [args.miner] : services.fleet.miners();
    const range = args.range ?? rangeFittingData(firstDataMs(services.store, miners), toMs);
    // Days of a whole fleet are hundreds of thousands of rows: read and drawn off the event loop when it can be.
    const heavy = services.heavy ?? inlineHeavyWork(services.store, services.config);
    const spec = await heavy.chart({
      metric: args.metric, miners: miners.map(({ name, minerId }) => ({ name, minerId })), fleet: args.miner === null,
      rangeLabel: range.label, fromMs: toMs - range.ms, toMs,
    });
    const png = spec.png;
    const target = args.miner?.name ?? 'fleet';
    return {
      blocks: [{ kind: 'image', png, filename: `chart-${target}-${args.metric}-${range.label}.png`, caption: spec.title }],
      buttons: chartButtons(target, { ...args, range }),
    };
  },
});


/** When the first of these miners was first seen: how much data a chart can have. */
function firstDataMs(store: ChatServicesStore, miners: readonly MinerView[]): number | null {
  const seen = miners.flatMap((m) => (m.minerId === null ? [] : [store.miners.byId(m.minerId)?.firstSeen ?? null]));
  const known = seen.filter((ts): ts is number => ts !== null);
  return known.length === 0 ? null : Math.min(...known);
}
