import { resolveMiner, UsageError } from '../src/chat/args.js';
import { minerArg, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand, type CommandContext } from '../src/chat/command.js';
import { chatTargetOf } from '../src/chat/identity.js';
import { actorOf, confirmation } from '../src/chat/confirm.js';
import { formatDuration, formatTable } from '../src/chat/format.js';
import { mono, text, title, type Reply, type ReplyBlock } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import { renderScatterChart } from '../src/charts/render-scatter.js';
import type { ScatterPoint } from '../src/charts/spec.js';
import { UserError } from '../src/core/errors.js';
import { errorGateNote, whatHappened } from '../src/bench/run-story.js';
import { BenchService, type BenchResults } from '../src/bench/service.js';
import { PROFILE_NAMES, describePoint, type BenchMode, type BenchProfileName, type Objective, type PointResult } from '../src/bench/types.js';

type BenchArgs =
  | { kind: 'run'; miner: MinerView; mode: BenchMode; objective: Objective; strategy: 'smart' | 'classic' }
  | { kind: 'stop'; miner: MinerView | null }
  | { kind: 'results'; miner: MinerView }
  | { kind: 'apply'; miner: MinerView; profile: BenchProfileName };

const OBJECTIVE_WORDS: Record<string, Objective> = {
  efficiency: 'efficiency', efficient: 'efficiency', eco: 'efficiency',
  hashrate: 'hashrate', max: 'hashrate', speed: 'hashrate',
  balanced: 'balanced', balance: 'balanced',
};
const PROFILE_WORDS: Record<string, BenchProfileName> = {
  eco: 'eco', efficiency: 'eco', max: 'max', hashrate: 'max', balanced: 'balanced', balance: 'balanced',
};
/** What an owner should expect to wait, in device time (measured on simulated Gammas, Supras and Ultras). */
const DURATION_HINT: Record<string, string> = {
  'smart quick': 'about 5–10 minutes', 'smart full': 'about 8–15 minutes', 'classic quick': '1–2 hours', 'classic full': '1–2 hours',
};

/** The benchmark service, or a plain answer that it is not running here. */
function benchOf(services: ChatServices): BenchService {
  if (services.bench) return services.bench;
  throw new UserError('Benchmarks are not running in this axepilot.');
}

export function parseBenchWords(words: string[], miners: readonly MinerView[]): BenchArgs {
  const [first, ...rest] = words;
  if (!first) throw new UsageError('which miner?');
  const sub = first.toLowerCase();
  if (sub === 'stop') {
    if (rest.length > 1) throw new UsageError('/bench stop [miner]');
    return { kind: 'stop', miner: rest[0] ? resolveMiner(rest[0], miners) : null };
  }
  if (sub === 'results' || sub === 'result') {
    if (!rest[0]) throw new UsageError('whose results? /bench results <miner>');
    return { kind: 'results', miner: resolveMiner(rest[0], miners) };
  }
  if (sub === 'apply') {
    const [minerWord, profileWord, ...extra] = rest;
    if (!minerWord || !profileWord || extra.length > 0) throw new UsageError('/bench apply <miner> <eco|max|balanced>');
    const profile = PROFILE_WORDS[profileWord.toLowerCase()];
    if (!profile) throw new UsageError(`"${profileWord}" is not a profile; use ${PROFILE_NAMES.join(', ')}`);
    return { kind: 'apply', miner: resolveMiner(minerWord, miners), profile };
  }
  const miner = resolveMiner(first, miners);
  let mode: BenchMode = 'quick';
  let objective: Objective = 'efficiency';
  let strategy: 'smart' | 'classic' = 'smart';
  for (const word of rest) {
    const w = word.toLowerCase();
    if (w === 'quick' || w === 'full') mode = w;
    else if (w === 'smart' || w === 'classic') strategy = w;
    else if (OBJECTIVE_WORDS[w]) objective = OBJECTIVE_WORDS[w];
    else throw new UsageError(`"${word}" is not a mode (quick, full) or an objective (efficiency, hashrate, balanced)`);
  }
  return { kind: 'run', miner, mode, objective, strategy };
}

/**
 * Every measured point, in columns that fit a phone's 40 monospace characters: settings as `MHz/mV`, then what
 * decides (hashrate, J/TH, ASIC errors, chip °C); power follows from hashrate and J/TH.
 */
export function resultsTable(points: readonly PointResult[]): string {
  const rows = points.map((p) => {
    const m = p.measurement;
    return [
      String(p.seq), `${Math.round(p.point.frequencyMhz)}/${Math.round(p.point.coreVoltageMv)}`, p.verdict,
      m ? m.effectiveHashrateGhs.mean.toFixed(0) : '—',
      m && Number.isFinite(m.efficiencyJth.mean) ? m.efficiencyJth.mean.toFixed(2) : '—',
      m?.errorPct ? m.errorPct.mean.toFixed(1) : '—', m?.chipTempC ? m.chipTempC.mean.toFixed(0) : '—',
    ];
  });
  return formatTable(['#', 'MHz/mV', 'verdict', 'GH/s', 'J/TH', 'err%', '°C'], rows, [0, 3, 4, 5, 6], ' ');
}

export async function resultsReply(miner: string, results: BenchResults, theme: 'light' | 'dark'): Promise<Reply> {
  const { run, points, profiles } = results;
  const gateNote = errorGateNote(points);
  const blocks: ReplyBlock[] = [
    title(`Benchmark of ${run.minerName}: ${run.strategy}, ${run.objective}, ${run.state}`),
    text(`${new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC · ${whatHappened(run.state, points)} · ` +
      `${run.deviceTimeMs === null ? 'still running' : `${formatDuration(run.deviceTimeMs)} of device time`}` +
      `${gateNote ? `\n${gateNote}` : ''}`),
    mono(resultsTable(points)),
  ];
  if (profiles.length > 0) {
    blocks.push(text(profiles.map((p) => {
      const jth = p.measurement?.efficiencyJth.mean;
      return `${p.profile}: ${describePoint(p.point)}${jth !== undefined && Number.isFinite(jth) ? ` · ${jth.toFixed(2)} J/TH` : ''}` +
        `${p.measurement ? ` · ${p.measurement.effectiveHashrateGhs.mean.toFixed(0)} GH/s` : ''}`;
    }).join('\n') + `\nApply one with /bench apply ${miner} <eco|max|balanced>.`));
  }
  const asScatter = (p: PointResult): ScatterPoint | null => {
    const m = p.measurement;
    if (!m || !Number.isFinite(m.efficiencyJth.mean) || p.verdict === 'refused') return null;
    return { x: m.efficiencyJth.mean, y: m.effectiveHashrateGhs.mean, label: describePoint(p.point), passed: p.verdict === 'pass' };
  };
  const scatter = points.flatMap((p) => asScatter(p) ?? []);
  // The run's own pick, labelled with its own settings (not the nearest point of the front).
  const pickSeq = run.outcome?.picks[run.objective]?.seq;
  const picked = points.find((p) => p.seq === pickSeq);
  const pick = picked ? asScatter(picked) : null;
  const png = await renderScatterChart({
    title: `${run.minerName} · benchmark ${run.id}`, subtitle: `${run.strategy}, ${run.objective}; the line is the Pareto front of passing points`,
    theme, points: scatter, emptyMessage: 'No point was measured', ...(pick ? { pick } : {}),
  });
  blocks.push({ kind: 'image', png, filename: `bench-${run.minerName}-${run.id}.png`, caption: 'Hashrate against J/TH' });
  return { blocks };
}

/** Discord subcommands `/bench start|stop|results|apply`; typed, `start` is no word: `/bench gamma full`. */
const BENCH_ARGS: CommandArgs = {
  verbs: [
    {
      name: 'start', description: 'benchmark a miner (asks to confirm)', words: ['miner', 'mode', 'objective', 'strategy'],
      args: [
        minerArg({ required: true }),
        { name: 'mode', kind: 'choice', choices: ['quick', 'full'], description: 'quick (default) or full' },
        { name: 'objective', kind: 'choice', choices: ['efficiency', 'hashrate', 'balanced'], description: 'what to look for (default: efficiency)' },
        { name: 'strategy', kind: 'choice', choices: ['smart', 'classic'], description: 'smart (default) or classic, the slow full grid' },
      ],
    },
    { name: 'stop', description: 'stop a running benchmark', args: [minerArg({ description: 'the miner (default: every running one)' })] },
    { name: 'results', description: 'the last results of a miner', args: [minerArg({ required: true })] },
    {
      name: 'apply', description: 'apply a profile the benchmark found (asks to confirm)',
      args: [minerArg({ required: true }), { name: 'profile', kind: 'choice', choices: PROFILE_NAMES, required: true, description: 'eco, max or balanced' }],
    },
  ],
};

export const benchCommand = defineCommand<BenchArgs>({
  name: 'bench',
  description: 'Benchmark a miner (asks to confirm); stop it; show results; apply a saved profile',
  usage: '/bench <miner> [quick|full] [efficiency|hashrate|balanced] · /bench stop [miner] · /bench results <miner> · /bench apply <miner> <eco|max|balanced>',
  examples: ['/bench gamma', '/bench gamma full hashrate', '/bench stop', '/bench results gamma', '/bench apply gamma eco'],
  role: 'admin',
  args: BENCH_ARGS,
  parse: (words, { services }) => parseBenchWords(words, services.fleet.miners()),
  run: async (args, { services, user }: CommandContext): Promise<Reply> => {
    const bench = benchOf(services);
    switch (args.kind) {
      case 'run': {
        const { miner, mode, objective, strategy } = args;
        const running = bench.running().find((r) => r.miner.toLowerCase() === miner.name.toLowerCase());
        if (running) return { blocks: [text(`${miner.name} is already being benchmarked; /bench stop ${miner.name} ends it.`)] };
        // A manual fan holds its duty while the power changes point to point: temperatures drift, and the hottest
        // points may fail on temperature where the firmware's PID would have coped.
        const manualFan = miner.telemetry?.autoFan === false
          ? ` Its fan is on manual (${miner.telemetry.fanPct ?? '?'} %), so every point runs at that duty; for steady chip temperatures ` +
            `set auto fan first with /set ${miner.name} fan auto (its fan setting comes back at the end too).`
          : '';
        return confirmation({
          question: `Benchmark ${miner.name} (${strategy}, ${mode}, ${objective})? It takes ${DURATION_HINT[`${strategy} ${mode}`] ?? 'a while'}; ` +
            'its frequency and voltage change many times meanwhile, and its own settings come back at the end (also after a crash).' + manualFan,
          user,
          now: services.clock.now(),
          confirm: () => {
            bench.begin({ miner: miner.name, mode, objective, strategy, actor: actorOf(user), chat: chatTargetOf(user) });
            return Promise.resolve(`Benchmark of ${miner.name} started. /bench stop ${miner.name} ends it and puts its settings back.`);
          },
        });
      }
      case 'stop': {
        const stopped = bench.cancel(args.miner?.name);
        if (stopped.length === 0) return { blocks: [text(args.miner ? `No benchmark is running on ${args.miner.name}.` : 'No benchmark is running.')] };
        return { blocks: [text(`Stopping the benchmark of ${stopped.join(', ')}; the settings from before are being put back.`)] };
      }
      case 'results': {
        const results = bench.results(args.miner.name);
        if (!results) return { blocks: [text(`${args.miner.name} has no benchmark yet. Start one with /bench ${args.miner.name}.`)] };
        return resultsReply(args.miner.name, results, services.config.chat.theme);
      }
      case 'apply': {
        const { miner, profile } = args;
        const saved = bench.profile(miner.name, profile);
        if (!saved) return { blocks: [text(`${miner.name} has no ${profile} profile yet. Run /bench ${miner.name} first.`)] };
        return confirmation({
          question: `Set ${miner.name} to its ${profile} profile, ${describePoint(saved.point)}?`,
          user,
          now: services.clock.now(),
          confirm: async () => {
            await bench.applyProfile({ miner: miner.name, profile, actor: actorOf(user) });
            return `Done: ${miner.name} runs its ${profile} profile (${describePoint(saved.point)}). /undo ${miner.name} puts it back.`;
          },
        });
      }
    }
  },
});
