import { resolveMiner, UsageError } from '../src/chat/args.js';
import { minerArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatEfficiency, formatHashrate, formatPercent, formatPower, formatTable, NONE } from '../src/chat/format.js';
import { fitWidth } from '../src/core/phone-text.js';
import { minerCard, minerState, type CardContext } from '../src/chat/miner-card.js';
import { mono, reply, text, title, type ReplyBlock, type ReplyButton } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { minerButtons } from '../src/chat/picker.js';

export { minerState, percentOfExpected } from '../src/chat/miner-card.js';

const num = (value: number | null, digits: number): string =>
  value === null ? NONE : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The widest name the fleet table shows in full; longer names end in `…` (the buttons and /status take them whole). */
const NAME_COLUMN = 18;
/** A keyboard of this many miners at most under the table; a larger fleet types `/status <miner>`. */
const MINER_BUTTONS = 10;

/**
 * The fleet at a glance, four columns that fit a phone's 40 monospace characters with 18-character names; the rest
 * (VR, power, J/TH, fan, uptime) is one tap away in each miner's card.
 */
function fleetTable(miners: MinerView[], chipWarnC: number, benchmarking: ReadonlySet<string>): string {
  const rows = miners.map((m) => {
    const t = m.telemetry && m.online ? m.telemetry : null;
    return [fitWidth(m.name, NAME_COLUMN), minerState(m, chipWarnC, benchmarking.has(m.name.toLowerCase())), num(t?.hashrateGhs ?? null, 0), num(t?.chipTempC ?? null, 1)];
  });
  return formatTable(['miner', 'state', 'GH/s', '°C'], rows, [2, 3], ' ');
}

/** One button per miner for its card, while the fleet is small enough for a keyboard. */
function cardButtons(miners: MinerView[]): ReplyButton[][] {
  return miners.length > MINER_BUTTONS ? [] : minerButtons(miners, (name) => `status ${name}`);
}

/** What the table's one word cannot say: a fallback pool, what the firmware's protection left a miner at. */
function fleetNotes(miners: MinerView[]): string[] {
  const notes: string[] = [];
  for (const m of miners) {
    if (m.online && m.telemetry?.usingFallbackPool) notes.push(`${m.name}: on its FALLBACK pool`);
    if (m.online && m.degraded && !m.degraded.stopped) notes.push(`${m.name}: below its settings since the firmware's overheat protection`);
    if (!m.online && m.notAxeOs) notes.push(`${m.name}: answers, but not as an AxeOS miner`);
  }
  return notes;
}

function fleetTotals(miners: MinerView[]): string {
  const live = miners.filter((m) => m.online && m.telemetry);
  const sum = (list: MinerView[], pick: (m: MinerView) => number | null | undefined): number => list.reduce((s, m) => s + (pick(m) ?? 0), 0);
  const hashrate = sum(live, (m) => m.telemetry?.hashrateGhs);
  // A miner that is down still owes its hashrate: what it last was expected to make counts against the fleet.
  const expected = sum(miners, (m) => m.telemetry?.expectedHashrateGhs);
  const power = sum(live, (m) => m.telemetry?.powerW);
  const jth = hashrate > 0 ? power / (hashrate / 1000) : null;
  return (
    `Fleet: ${live.length} of ${miners.length} online · ${formatHashrate(hashrate)}` +
    (expected > 0 ? ` (${formatPercent((hashrate / expected) * 100)} of expected)` : '') +
    ` · ${formatPower(power)} · ${formatEfficiency(jth)}`
  );
}

const ALL_WORDS = new Set(['all', 'fleet', '*']);

export const statusCommand = defineCommand<{ miner: MinerView | null; all: boolean }>({
  name: 'status',
  description: 'The fleet at a glance; one miner, or all, in detail',
  usage: '/status [miner|all]',
  examples: ['/status', '/status gamma', '/status all'],
  role: 'viewer',
  args: { args: [minerArg({ alsoWords: ['all'], description: 'one miner in detail, or all for every miner (default: the table)' })], tooMany: 'give at most one miner' },
  parse: (words, { services }) => {
    if (words.length > 1) throw new UsageError('give at most one miner');
    const word = words[0];
    if (word && ALL_WORDS.has(word.toLowerCase()) && !services.fleet.miners().some((m) => m.name.toLowerCase() === word.toLowerCase())) {
      return { miner: null, all: true };
    }
    return { miner: word ? resolveMiner(word, services.fleet.miners()) : null, all: false };
  },
  run: ({ miner, all }, { services }) => {
    const context: CardContext = {
      chipWarnC: services.config.limits.chipTempWarnC, now: services.clock.now(), timeZone: services.config.timezone,
      benchmarking: new Set((services.bench?.running() ?? []).map((r) => r.miner.toLowerCase())),
    };
    if (miner) return Promise.resolve(reply(title(miner.name), mono(minerCard(miner, context))));
    const miners = services.fleet.miners();
    if (miners.length === 0) return Promise.resolve(reply(text('No miners are configured yet. Add them to config/axepilot.yaml.')));
    if (all) {
      const cards: ReplyBlock[] = miners.flatMap((m) => [title(m.name), mono(minerCard(m, context))]);
      return Promise.resolve(reply(...cards, text(fleetTotals(miners))));
    }
    const notes = fleetNotes(miners);
    const buttons = cardButtons(miners);
    return Promise.resolve({
      blocks: [
        title('Fleet status'), mono(fleetTable(miners, context.chipWarnC, context.benchmarking ?? new Set())), ...(notes.length > 0 ? [text(notes.join('\n'))] : []),
        text(fleetTotals(miners)),
        text(buttons.length > 0 ? 'Tap a miner for its details, or /status all.' : 'Details: /status <miner>, or /status all.'),
      ],
      buttons,
    });
  },
});
