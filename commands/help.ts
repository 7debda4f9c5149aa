import { defineCommand } from '../src/chat/command.js';
import { roleAllows } from '../src/chat/identity.js';
import { mono, reply, title } from '../src/chat/reply.js';

/** Lists what the asker's role may use, with a usage line and an example each. */
export const helpCommand = defineCommand<null>({
  name: 'help',
  description: 'What you can ask',
  usage: '/help',
  role: 'everyone',
  // Words after it are ignored, as a greeting would be: nothing to get wrong.
  args: {},
  parse: () => null,
  run: (_args, { role, commands }) => {
    const allowed = commands.filter((c) => roleAllows(role, c.role));
    const lines = allowed.map((c) => `${c.usage}\n  ${c.description}${c.examples?.length ? ` — e.g. ${c.examples.join(', ')}` : ''}`);
    return Promise.resolve(reply(title('axepilot commands'), mono(lines.join('\n'))));
  },
});
