import { defineCommand } from '../src/chat/command.js';
import { userKey } from '../src/chat/identity.js';
import { reply, text, title } from '../src/chat/reply.js';

/**
 * What Telegram's START button sends, and the first thing anyone types to a bot: what this bot is, who you are to it,
 * and the few commands worth trying first. A stranger learns their id and what the owner puts in the config; the
 * answer is rate-limited like any command (the router's per-user limit), so it cannot be used to flood a group.
 */
export const startCommand = defineCommand<null>({
  name: 'start',
  description: 'What this bot is and what to try first',
  usage: '/start',
  role: 'everyone',
  // START sends it; /help answers the same on every platform.
  listed: false,
  // Telegram's deep links add a word (`/start <payload>`); it is ignored, like the words after a greeting.
  args: {},
  parse: () => null,
  run: (_args, { user, role, services }) => {
    const key = userKey(user);
    const count = services.fleet.miners().length;
    const what = `axepilot watches ${count === 1 ? '1 miner' : `${count} miners`}: status, charts, alerts.`;
    if (role === 'none') {
      return Promise.resolve(reply(
        title('axepilot'),
        text(
          `${what}\nYou are not allowed yet.\nYour id: ${key}\n\n` +
            `The owner adds it to the config, then restarts axepilot:\n` +
            `chat:\n  viewers: ["${key}"]\n(or admins, to change settings)`,
        ),
      ));
    }
    const tries = role === 'admin'
      ? ['/status fleet at a glance', '/alerts what fires now', '/chart a miner\'s chart', '/bench tune a miner', '/help everything']
      : ['/status fleet at a glance', '/alerts what fires now', '/chart a miner\'s chart', '/help everything'];
    return Promise.resolve(reply(
      title('axepilot'),
      text(`${what}\nYou: ${user.displayName}, ${role}\nId: ${key}\n\nTry:\n${tries.join('\n')}`),
    ));
  },
});
