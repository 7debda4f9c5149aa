import { minerArg, parsePositional, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

const UNMUTE_ARGS: CommandArgs = {
  args: [minerArg({ alsoWords: ['all'], description: 'the miner, or all (the default)' })],
  tooMany: 'give at most one miner, or "all"',
};

/** Ends a mute early; what still fires is announced right after. Without an argument, every mute ends. */
export const unmuteCommand = defineCommand<{ target: string }>({
  name: 'unmute',
  description: 'End the mute of a miner, or every mute',
  usage: '/unmute [miner|all]',
  examples: ['/unmute', '/unmute gamma'],
  role: 'admin',
  args: UNMUTE_ARGS,
  parse: (words, { services }) => ({
    target: parsePositional(UNMUTE_ARGS, words, services.fleet.miners(), 'unmute').miner('miner')?.name ?? 'all',
  }),
  run: ({ target }, { services, user }) => {
    const removed = alertDeskOf(services).engine.unmute(target, actorName(user));
    if (removed.length === 0) return Promise.resolve(reply(text(target === 'all' ? 'Nothing is muted.' : `${target} is not muted.`)));
    const who = removed.map((m) => (m.target === 'all' ? 'all miners' : m.target)).join(', ');
    return Promise.resolve(reply(text(`🔔 Unmuted: ${who}. Alerts still firing are announced now.`)));
  },
});
