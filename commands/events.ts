import { looksLikeMiner, parseCount, resolveMiner, UsageError } from '../src/chat/args.js';
import { minerArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatLocalTime } from '../src/chat/format.js';
import { mono, reply, text, title } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { tellStory } from '../src/chat/event-story.js';
import { AuditLog } from '../src/control/index.js';

const SEVERITY_MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '·' };

/** What happened lately: connections, reboots, settings changes, alerts. */
// Read in any order with the miner (`/events 20 gamma` too), so not by parsePositional; Discord's option is the same.
const COUNT_ARG = { name: 'count', kind: 'integer', min: 1, max: 100, unit: 'events', description: 'how many, 1–100 (default 10)' } as const;

export const eventsCommand = defineCommand<{ miner: MinerView | null; count: number }>({
  name: 'events',
  description: 'Recent events and alerts',
  usage: '/events [miner] [count]',
  examples: ['/events', '/events gamma 20'],
  role: 'viewer',
  args: {
    args: [
      minerArg({ description: 'only this miner (default: all)' }),
      COUNT_ARG,
    ],
  },
  parse: (words, { services }) => {
    let miner: MinerView | null = null;
    let count = 10;
    for (const word of words) {
      const asCount = parseCount(word, COUNT_ARG.min, COUNT_ARG.max);
      if (asCount !== null) count = asCount;
      else if (looksLikeMiner(word, services.fleet.miners())) miner = resolveMiner(word, services.fleet.miners());
      else if (/^\d+$/.test(word)) throw new UsageError(`count must be between ${COUNT_ARG.min} and ${COUNT_ARG.max}`);
      else resolveMiner(word, services.fleet.miners());
    }
    return { miner, count };
  },
  run: ({ miner, count }, { services }) => {
    if (miner && miner.minerId === null) return Promise.resolve(reply(text(`No events for ${miner.name} yet.`)));
    // Alert lines that repeat an outage are left out of the story, so read enough to still fill `count` lines.
    const events = services.store.events.list({ minerId: miner?.minerId ?? undefined, limit: count * 3 });
    const audit = new AuditLog(services.store.db);
    const story = tellStory(events, {
      minerName: (id) => services.store.miners.byId(id)?.name ?? null,
      audit: (name, fromTs, toTs) => audit.between(name, fromTs, toTs),
    }).slice(0, count);
    if (story.length === 0) return Promise.resolve(reply(text('No events yet.')));
    const zone = services.config.timezone;
    const lines = story.map((e) => `${formatLocalTime(e.ts, zone)} ${SEVERITY_MARK[e.severity] ?? '·'} ${e.message}`);
    return Promise.resolve(reply(title(miner ? `Events of ${miner.name}` : 'Events'), mono(lines.join('\n'))));
  },
});
