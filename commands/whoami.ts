import { defineCommand } from '../src/chat/command.js';
import { userKey } from '../src/chat/identity.js';
import { reply, text } from '../src/chat/reply.js';

/** Answers everyone, so an owner can find the id to put in chat.admins. */
export const whoamiCommand = defineCommand<null>({
  name: 'whoami',
  description: 'Your chat id and role',
  usage: '/whoami',
  role: 'everyone',
  // Words after it are ignored, as a greeting would be: nothing to get wrong.
  args: {},
  parse: () => null,
  run: (_args, { user, role }) =>
    Promise.resolve(
      reply(
        text(
          `You are ${user.displayName}, id ${userKey(user)}, role: ${role === 'none' ? 'none (not allowed yet)' : role}.` +
            (role === 'none' ? `\nTo allow yourself, add "${userKey(user)}" to chat.admins or chat.viewers in the config.` : ''),
        ),
      ),
    ),
});
