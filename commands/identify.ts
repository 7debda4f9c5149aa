import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { actorOf, guardOf, ONE_MINER, oneMiner } from '../src/chat/confirm.js';

/** Harmless (a greeting on the miner's screen), so it needs no confirmation. */
export const identifyCommand = defineCommand<{ miner: MinerView }>({
  name: 'identify',
  description: 'Show "Hi!" on a miner\'s screen for 30 s, to find it on the shelf',
  usage: '/identify <miner>',
  examples: ['/identify gamma'],
  role: 'admin',
  args: ONE_MINER,
  parse: (words, { services }) => ({ miner: oneMiner(words, services) }),
  run: async ({ miner }, { services, user }) => {
    await guardOf(services, miner).identify({ miner: miner.name, actor: actorOf(user) });
    return reply(text(`${miner.name} shows "Hi!" on its screen for 30 s.`));
  },
});
