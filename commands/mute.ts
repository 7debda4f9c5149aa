import { parseDurationWord } from '../src/alerts/duration-words.js';
import { resolveMiner, UsageError } from '../src/chat/args.js';
import { defineCommand } from '../src/chat/command.js';
import { formatDuration, formatLocalTime } from '../src/chat/format.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

const MIN_MUTE_MS = 60_000;
const MAX_MUTE_MS = 30 * 86_400_000;

/**
 * Silences one miner's alerts (or all of them) for a while, e.g. during maintenance. It ends by itself; good news
 * (best difficulty, blocks) is never muted.
 */
export const muteCommand = defineCommand<{ target: string; ms: number }>({
  name: 'mute',
  description: 'Mute the alerts of a miner, or of all, for a while',
  usage: '/mute <miner|all> <duration>',
  examples: ['/mute gamma 2h', '/mute all 30m'],
  role: 'admin',
  parse: (words, { services }) => {
    const [who, duration, ...rest] = words;
    if (!who || !duration || rest.length > 0) throw new UsageError('give a miner (or "all") and a duration like 2h');
    const ms = parseDurationWord(duration);
    if (ms === null) throw new UsageError(`"${duration}" is not a duration (30m, 2h, 1d)`);
    if (ms < MIN_MUTE_MS || ms > MAX_MUTE_MS) throw new UsageError('a mute lasts between 1 minute and 30 days');
    const target = who.toLowerCase() === 'all' ? 'all' : resolveMiner(who, services.fleet.miners()).name;
    return { target, ms };
  },
  run: ({ target, ms }, { services, user }) => {
    const desk = alertDeskOf(services);
    const mute = desk.engine.mute(target, services.clock.now() + ms, actorName(user));
    const who = target === 'all' ? 'all miners' : target;
    return Promise.resolve(
      reply(
        text(
          `🔕 Alerts of ${who} muted for ${formatDuration(ms)}, until ${formatLocalTime(mute.until, services.config.timezone)}. ` +
            'What still fires then is announced; /unmute ends it sooner.',
        ),
      ),
    );
  },
});
