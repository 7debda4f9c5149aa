import { resolveMiner, UsageError } from '../src/chat/args.js';
import { minerArg, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand, type CommandContext } from '../src/chat/command.js';
import { actorOf, confirmation } from '../src/chat/confirm.js';
import { reply, text, title, type Reply, type ReplyBlock } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import { renderTimeChart } from '../src/charts/render.js';
import { UserError } from '../src/core/errors.js';
import { autopilotDayChart } from '../src/autopilot/day-chart.js';
import { NeedsBenchmarkError, type AutopilotService, type AutopilotStatus } from '../src/autopilot/service.js';
import { AUTOPILOT_MODES, rungText, type AutopilotLimits, type AutopilotMode, type LimitKey } from '../src/autopilot/types.js';

type AutopilotArgs =
  | { kind: 'overview' }
  | { kind: 'card'; miner: MinerView }
  | { kind: 'on'; miner: MinerView; mode: AutopilotMode | null }
  | { kind: 'off'; miner: MinerView }
  | { kind: 'set'; miner: MinerView; key: LimitKey; value: number | null }
  | { kind: 'log'; miner: MinerView; count: number }
  | { kind: 'chart'; miner: MinerView };

const LIMIT_WORDS: Record<string, LimitKey> = {
  target: 'chipTargetC', chip: 'chipTargetC', temp: 'chipTargetC',
  vrmax: 'vrMaxC', vr: 'vrMaxC',
  fanmax: 'fanMaxPct', fan: 'fanMaxPct',
  powercap: 'powerCapW', power: 'powerCapW',
  errors: 'errorMaxPct', errormax: 'errorMaxPct',
  inputmin: 'inputVoltageMinV', vin: 'inputVoltageMinV',
};
const USAGE = '/autopilot · /autopilot <miner> [on [protect|hashrate|efficiency] | off | set <target|vrmax|fanmax|powercap> <value> | log | chart]';
const DAY_MS = 24 * 3_600_000;

function autopilotOf(services: ChatServices): AutopilotService {
  if (services.autopilot) return services.autopilot;
  throw new UserError('The autopilot is not running in this axepilot.');
}

function parseValue(word: string): number | null {
  if (/^(default|reset|config)$/i.test(word)) return null;
  const match = /^(\d+(?:\.\d+)?)\s*(°?c|%|w|v)?$/i.exec(word);
  if (!match) throw new UsageError(`"${word}" is not a number (e.g. 65, 70%, 30w, 4.9v; "default" goes back to the config)`);
  return Number(match[1]);
}

export function parseAutopilotWords(words: string[], miners: readonly MinerView[]): AutopilotArgs {
  const [minerWord, action, ...rest] = words;
  if (!minerWord) return { kind: 'overview' };
  const miner = resolveMiner(minerWord, miners);
  switch (action?.toLowerCase()) {
    case undefined:
      return { kind: 'card', miner };
    case 'on': {
      const modeWord = rest[0]?.toLowerCase();
      if (rest.length > 1 || (modeWord !== undefined && (modeWord === 'off' || !(AUTOPILOT_MODES as readonly string[]).includes(modeWord)))) {
        throw new UsageError(`/autopilot ${miner.name} on [protect|hashrate|efficiency]`);
      }
      return { kind: 'on', miner, mode: (modeWord as AutopilotMode | undefined) ?? null };
    }
    case 'off':
      return { kind: 'off', miner };
    case 'set': {
      const [keyWord, valueWord, ...extra] = rest;
      const key = LIMIT_WORDS[keyWord?.toLowerCase() ?? ''];
      if (!key || valueWord === undefined || extra.length > 0) throw new UsageError(`/autopilot ${miner.name} set <target|vrmax|fanmax|powercap|errors|inputmin> <value>`);
      return { kind: 'set', miner, key, value: parseValue(valueWord) };
    }
    case 'log': {
      const count = rest[0] === undefined ? 15 : Number(rest[0]);
      if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`/autopilot ${miner.name} log [1–100]`);
      return { kind: 'log', miner, count };
    }
    case 'chart':
      return { kind: 'chart', miner };
    default:
      throw new UsageError(`"${action}" is not something the autopilot does; ${USAGE}`);
  }
}

function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

export function limitsWords(limits: AutopilotLimits): string {
  const parts = [`chip ≤ ${limits.chipTargetC} °C`, `VR ≤ ${limits.vrMaxC} °C`];
  if (limits.fanMaxPct < 100) parts.push(`fan ≤ ${limits.fanMaxPct} %`);
  if (limits.powerCapW !== null) parts.push(`power ≤ ${limits.powerCapW} W`);
  parts.push(`errors ≤ ${limits.errorMaxPct} %`);
  if (limits.inputVoltageMinV !== null) parts.push(`input ≥ ${limits.inputVoltageMinV} V`);
  return parts.join(', ');
}

function statusBlock(status: AutopilotStatus, timeZone: string): string {
  const mode = status.mode === status.modeNow ? status.mode : `${status.mode} (${status.modeNow} now, by schedule)`;
  const rung = status.rung ? `${rungText(status.rung)}${status.rungIndex !== null ? ` (rung ${status.rungIndex + 1} of ${status.rungs})` : ''}` : 'no rung yet';
  const lines = [`${status.miner}: ${mode}${status.mode === 'off' ? '' : ` · ${rung}`}`];
  if (status.mode === 'off') return lines[0] ?? '';
  lines.push(`  limits: ${limitsWords(status.limits)}`);
  if (status.pausedUntil !== null) lines.push(`  paused until ${localTime(status.pausedUntil, timeZone)}: ${status.pauseReason ?? ''}`);
  if (status.lastDecision) lines.push(`  last: ${localTime(status.lastDecision.at, timeZone)} ${status.lastDecision.text}`);
  if (status.now) lines.push(`  now: ${status.now}`);
  return lines.join('\n');
}

function turnOn(args: { miner: MinerView; mode: AutopilotMode | null }, { services, user }: CommandContext): Reply {
  const autopilot = autopilotOf(services);
  const status = autopilot.status(args.miner.name)[0];
  const mode = args.mode ?? (status?.hasBenchmark ? 'hashrate' : 'protect');
  const now = services.clock.now();
  if ((mode === 'hashrate' || mode === 'efficiency') && !status?.hasBenchmark) {
    const question = `${args.miner.name} has no benchmark yet, so ${mode} mode has no validated points to move between (protect works now: ` +
      `/autopilot ${args.miner.name} on protect). Run a quick benchmark first (about 5–10 minutes)? Afterwards: /autopilot ${args.miner.name} on ${mode}.`;
    if (!services.bench) return reply(text(new NeedsBenchmarkError(args.miner.name, mode).message));
    const bench = services.bench;
    return confirmation({
      question, user, now,
      confirm: () => {
        bench.begin({ miner: args.miner.name, mode: 'quick', objective: 'efficiency', actor: actorOf(user), chat: { platform: user.platform, chatId: user.chatId } });
        return Promise.resolve(`Quick benchmark of ${args.miner.name} started. When it is done: /autopilot ${args.miner.name} on ${mode}.`);
      },
    });
  }
  const ladder = autopilot.ladder(args.miner.name, mode);
  const span = ladder.length > 0 ? `${ladder.length} validated points, ${ladder[0]?.frequencyMhz}–${ladder[ladder.length - 1]?.frequencyMhz} MHz` : 'its own settings';
  const what = mode === 'protect' ? 'keeps your own settings and steps down only while a limit is crossed'
    : mode === 'hashrate' ? 'holds the highest hashrate that meets every limit' : 'holds the most efficient point that meets every limit';
  return confirmation({
    question: `Autopilot ${mode} for ${args.miner.name}: it ${what}, moving between ${span}; limits ${limitsWords(status?.limits ?? services.config.autopilot.defaults)}; ` +
      `at most ${services.config.autopilot.maxWritesPerDay} writes a day, each in /audit with its reason.`,
    user, now,
    confirm: () => Promise.resolve(`${autopilot.setMode(args.miner.name, mode, actorOf(user))}. /autopilot ${args.miner.name} off stops it.`),
  });
}

async function chartReply(miner: MinerView, services: ChatServices): Promise<Reply> {
  const autopilot = autopilotOf(services);
  const toMs = services.clock.now();
  const fromMs = toMs - DAY_MS;
  const status = autopilot.status(miner.name)[0];
  if (!status) throw new UserError(`no miner called "${miner.name}"`);
  const spec = autopilotDayChart({
    store: services.store, miner: { name: miner.name, minerId: miner.minerId }, limits: status.limits,
    decisions: autopilot.decisions(miner.name, { limit: 500, sinceTs: fromMs }), fromMs, toMs,
    timezone: services.config.timezone, theme: services.config.chat.theme,
  });
  const png = await renderTimeChart(spec);
  return { blocks: [{ kind: 'image', png, filename: `autopilot-${miner.name}-24h.png`, caption: `${miner.name}: the autopilot's last 24 h` }] };
}

/** Discord subcommands; typed, the miner comes before the verb: `/autopilot gamma on hashrate`. */
const AUTOPILOT_ARGS: CommandArgs = {
  verbs: [
    { name: 'overview', description: 'every miner\'s autopilot at a glance', args: [], words: [] },
    { name: 'show', description: 'one miner\'s autopilot: mode, point, limits, ladder', args: [minerArg({ required: true })], words: ['miner'] },
    {
      name: 'on', description: 'turn it on (admins)', words: ['miner', '$verb', 'mode'],
      args: [minerArg({ required: true }), { name: 'mode', kind: 'choice', choices: AUTOPILOT_MODES.filter((m) => m !== 'off'), description: 'protect, hashrate or efficiency (default: hashrate once benchmarked)' }],
    },
    { name: 'off', description: 'turn it off (admins)', args: [minerArg({ required: true })], words: ['miner', '$verb'] },
    {
      name: 'set', description: 'set one of its limits (admins)', words: ['miner', '$verb', 'limit', 'value'],
      args: [
        minerArg({ required: true }),
        { name: 'limit', kind: 'choice', choices: ['target', 'vrmax', 'fanmax', 'powercap', 'errors', 'inputmin'], required: true, description: 'which limit' },
        { name: 'value', kind: 'string', required: true, description: 'e.g. 65 (°C), 70 (%), 30 (W), 4.9 (V), or default' },
      ],
    },
    {
      name: 'log', description: 'its last decisions and why', words: ['miner', '$verb', 'count'],
      args: [minerArg({ required: true }), { name: 'count', kind: 'integer', min: 1, max: 100, unit: 'decisions', description: 'how many, 1–100 (default 15)' }],
    },
    { name: 'chart', description: 'its last 24 h as a chart', args: [minerArg({ required: true })], words: ['miner', '$verb'] },
  ],
};

export const autopilotCommand = defineCommand<AutopilotArgs>({
  name: 'autopilot',
  description: 'The autopilot of each miner: mode, point, limits and why; admins turn it on or off and set its limits',
  usage: USAGE,
  examples: ['/autopilot', '/autopilot gamma on hashrate', '/autopilot gamma set fanmax 70', '/autopilot gamma log', '/autopilot gamma chart', '/autopilot gamma off'],
  role: 'viewer',
  args: AUTOPILOT_ARGS,
  parse: (words, { services }) => parseAutopilotWords(words, services.fleet.miners()),
  run: async (args, context: CommandContext): Promise<Reply> => {
    const { services, user, role } = context;
    const autopilot = autopilotOf(services);
    const changes = args.kind === 'on' || args.kind === 'off' || args.kind === 'set';
    if (changes && role !== 'admin') {
      return reply(text('Only admins can change the autopilot. You can look: /autopilot, /autopilot <miner> log, /autopilot <miner> chart.'));
    }
    const zone = services.config.timezone;
    switch (args.kind) {
      case 'overview': {
        const all = autopilot.status();
        if (all.length === 0) return reply(text('No miner is known yet.'));
        const blocks: ReplyBlock[] = [title('Autopilot'), ...all.map((s) => text(statusBlock(s, zone)))];
        if (all.every((s) => s.mode === 'off')) blocks.push(text('It is off everywhere. Turn it on: /autopilot <miner> on [protect|hashrate|efficiency].'));
        return { blocks };
      }
      case 'card': {
        const status = autopilot.status(args.miner.name)[0];
        if (!status) return reply(text(`no miner called "${args.miner.name}"`));
        const ladder = autopilot.ladder(args.miner.name).map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`).join(' · ');
        return reply(text(statusBlock(status, zone)), text(ladder ? `Ladder (MHz/mV): ${ladder}` : 'No ladder: no benchmark yet (protect mode works without one).'));
      }
      case 'on':
        return turnOn(args, context);
      case 'off':
        return reply(text(`${args.miner.name}: ${autopilot.setMode(args.miner.name, 'off', actorOf(user))}.`));
      case 'set': {
        const said = autopilot.setLimit(args.miner.name, args.key, args.value, actorOf(user));
        const limits = autopilot.status(args.miner.name)[0]?.limits;
        return reply(text(`${args.miner.name}: ${said}. Now: ${limits ? limitsWords(limits) : '?'}.`));
      }
      case 'log': {
        const entries = autopilot.decisions(args.miner.name, { limit: args.count });
        if (entries.length === 0) return reply(text(`${args.miner.name}: the autopilot has decided nothing yet.`));
        return reply(title(`${args.miner.name}: the autopilot's last ${entries.length} decisions`),
          text(entries.map((d) => `${localTime(d.ts, zone)} ${d.kind}: ${d.reason}`).join('\n')));
      }
      case 'chart':
        return chartReply(args.miner, services);
    }
  },
});
