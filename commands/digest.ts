import { parsePositional } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import type { Reply } from '../src/chat/reply.js';
import { alertDeskOf } from './alerts.js';

/** The daily digest of the last 24 h, now, as the answer in this chat. */
export const digestCommand = defineCommand<null>({
  name: 'digest',
  description: 'The daily digest of the last 24 h, now',
  usage: '/digest',
  role: 'viewer',
  args: {},
  parse: (words, { services }) => {
    parsePositional({}, words, services.fleet.miners(), 'digest');
    return null;
  },
  run: async (_args, { services }): Promise<Reply> => {
    const message = await alertDeskOf(services).buildDigest();
    return { blocks: message.blocks };
  },
});
