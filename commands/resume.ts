import { defineCommand } from '../src/chat/command.js';
import type { MinerView } from '../src/chat/services.js';
import { pauseOrResume } from './pause.js';
import { ONE_MINER, oneMiner } from '../src/chat/confirm.js';

export const resumeCommand = defineCommand<{ miner: MinerView }>({
  name: 'resume',
  description: 'Resume mining on a paused miner, firmware 2.14+ (asks to confirm)',
  usage: '/resume <miner>',
  examples: ['/resume gamma'],
  role: 'admin',
  args: ONE_MINER,
  parse: (words, { services }) => ({ miner: oneMiner(words, services) }),
  run: ({ miner }, { services, user }) => Promise.resolve(pauseOrResume('resume', miner, services, user)),
});
