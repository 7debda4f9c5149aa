import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { actorOf, confirmation, guardOf, ONE_MINER, oneMiner } from '../src/chat/confirm.js';

export const restartCommand = defineCommand<{ miner: MinerView }>({
  name: 'restart',
  description: 'Restart a miner (asks to confirm)',
  usage: '/restart <miner>',
  examples: ['/restart gamma'],
  role: 'admin',
  args: ONE_MINER,
  parse: (words, { services }) => ({ miner: oneMiner(words, services) }),
  run: ({ miner }, { services, user }) => {
    const guard = guardOf(services, miner);
    const refusal = guard.holderRefusalFor({ miner: miner.name, actor: actorOf(user), action: 'restart' });
    if (refusal) return Promise.resolve(reply(text(refusal)));
    return Promise.resolve(confirmation({
      question: `${miner.name}: restart now (it stops hashing for about a minute; settings are kept).`,
      user,
      now: services.clock.now(),
      confirm: async () => {
        await guard.restart({ miner: miner.name, actor: actorOf(user) });
        return `${miner.name} is restarting; it should be back within a minute or two.`;
      },
    }));
  },
});
