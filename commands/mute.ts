import { parseDurationWord } from '../src/alerts/duration-words.js';
import { UsageError } from '../src/chat/args.js';
import { minerArg, parsePositional, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatDuration, formatLocalTime } from '../src/chat/format.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

const MIN_MUTE_MS = 60_000;
const MAX_MUTE_MS = 30 * 86_400_000;

const MINER_AND_DURATION = 'give a miner (or "all") and a duration like 2h';
const MUTE_ARGS: CommandArgs = {
  args: [
    minerArg({ required: true, alsoWords: ['all'], description: 'the miner, or all', missing: MINER_AND_DURATION }),
    {
      name: 'duration', kind: 'choice', choices: ['30m', '1h', '2h', '8h', '1d', '7d', '30d'], open: true, required: true,
      description: 'how long, 1 minute to 30 days', missing: MINER_AND_DURATION,
    },
  ],
  tooMany: MINER_AND_DURATION,
};

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
  args: MUTE_ARGS,
  parse: (words, { services }) => {
    const values = parsePositional(MUTE_ARGS, words, services.fleet.miners(), 'mute');
    const who = values.miner('miner')?.name ?? values.word('miner');
    const duration = values.word('duration');
    if (!who || !duration) throw new UsageError(MINER_AND_DURATION);
    const ms = parseDurationWord(duration);
    if (ms === null) throw new UsageError(`"${duration}" is not a duration (30m, 2h, 1d)`);
    if (ms < MIN_MUTE_MS || ms > MAX_MUTE_MS) throw new UsageError('a mute lasts between 1 minute and 30 days');
    const target = values.miner('miner')?.name ?? 'all';
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
