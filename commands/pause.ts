import { defineCommand } from '../src/chat/command.js';
import { reply, text, type Reply } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import type { ChatUser } from '../src/chat/identity.js';
import { firmwareHasPauseResume } from '../src/control/index.js';
import { actorOf, confirmation, guardOf, ONE_MINER, oneMiner } from '../src/chat/confirm.js';

/** Pause and resume share everything but the words; the firmware has both since 2.14. */
export function pauseOrResume(action: 'pause' | 'resume', miner: MinerView, services: ChatServices, user: ChatUser): Reply {
  const guard = guardOf(services, miner);
  if (firmwareHasPauseResume(miner.telemetry) === false) {
    return reply(text(`${miner.name} runs firmware ${miner.telemetry?.firmware ?? '?'}; pause and resume need AxeOS 2.14 or newer.`));
  }
  const refusal = guard.holderRefusalFor({ miner: miner.name, actor: actorOf(user), action });
  if (refusal) return reply(text(refusal));
  const question = action === 'pause'
    ? `${miner.name}: pause mining (the ASIC stops until /resume ${miner.name}).`
    : `${miner.name}: resume mining.`;
  return confirmation({
    question,
    user,
    now: services.clock.now(),
    confirm: async () => {
      await guard[action]({ miner: miner.name, actor: actorOf(user) });
      return action === 'pause' ? `${miner.name} is paused. /resume ${miner.name} starts it again.` : `${miner.name} is mining again.`;
    },
  });
}

export const pauseCommand = defineCommand<{ miner: MinerView }>({
  name: 'pause',
  description: 'Pause mining on a miner, firmware 2.14+ (asks to confirm)',
  usage: '/pause <miner>',
  examples: ['/pause gamma'],
  role: 'admin',
  args: ONE_MINER,
  parse: (words, { services }) => ({ miner: oneMiner(words, services) }),
  run: ({ miner }, { services, user }) => Promise.resolve(pauseOrResume('pause', miner, services, user)),
});
