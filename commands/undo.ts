import { defineCommand } from '../src/chat/command.js';
import { formatLocalTime } from '../src/chat/format.js';
import { reply, text } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { describeChange } from '../src/control/index.js';
import { actorOf, confirmation, guardOf, ONE_MINER, oneMiner } from '../src/chat/confirm.js';

export const undoCommand = defineCommand<{ miner: MinerView }>({
  name: 'undo',
  description: 'Put back the settings from before the last change to a miner (asks to confirm)',
  usage: '/undo <miner>',
  examples: ['/undo gamma'],
  role: 'admin',
  args: ONE_MINER,
  parse: (words, { services }) => ({ miner: oneMiner(words, services) }),
  run: ({ miner }, { services, user }) => {
    const guard = guardOf(services, miner);
    const entry = guard.peekUndo(miner.name);
    if (!entry) return Promise.resolve(reply(text(`${miner.name}: nothing to undo.`)));
    const verdict = guard.checkFor({ miner: miner.name, settings: entry.settings, actor: actorOf(user), action: 'undo' });
    if (!verdict.ok) return Promise.resolve(reply(text(verdict.reason)));
    const change = describeChange(guard.currentSettings(miner.name), entry.settings);
    const when = formatLocalTime(entry.ts, services.config.timezone);
    return Promise.resolve(confirmation({
      question: `${miner.name}: undo the change of ${when} by ${entry.actorName ?? entry.actorId}: ${change}.`,
      user,
      now: services.clock.now(),
      confirm: async () => {
        await guard.undo({ miner: miner.name, actor: actorOf(user) });
        return `Done: ${miner.name} ${change}.`;
      },
    }));
  },
});
