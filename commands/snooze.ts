import { parseDurationWord } from '../src/alerts/duration-words.js';
import { UsageError } from '../src/chat/args.js';
import { parsePositional, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatDuration, formatLocalTime } from '../src/chat/format.js';
import { localClock } from '../src/core/local-time.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

const MIN_SNOOZE_MS = 60_000;
const MAX_SNOOZE_MS = 7 * 86_400_000;

const ALERT_AND_DURATION = 'give an alert id (see /alerts) and a duration like 1h';
const SNOOZE_ARGS: CommandArgs = {
  args: [
    { name: 'alert', kind: 'alert', required: true, description: 'the alert id (see /alerts), or all', missing: ALERT_AND_DURATION },
    {
      name: 'duration', kind: 'choice', choices: ['30m', '1h', '2h', '8h', '1d', '7d'], open: true, required: true,
      description: 'how long, 1 minute to 7 days', missing: ALERT_AND_DURATION,
    },
  ],
  tooMany: ALERT_AND_DURATION,
};

/** No reminders for a while; afterwards they resume at once if the alert still fires. What Snooze buttons run. */
export const snoozeCommand = defineCommand<{ alertId: string; ms: number }>({
  name: 'snooze',
  description: 'Snooze the reminders of a firing alert',
  usage: '/snooze <alert id|all> <duration>',
  examples: ['/snooze all 1h', '/snooze a1B2c3D4e5F6 8h'],
  role: 'viewer',
  args: SNOOZE_ARGS,
  parse: (words, { services }) => {
    const values = parsePositional(SNOOZE_ARGS, words, services.fleet.miners(), 'snooze');
    const alertId = values.word('alert');
    const duration = values.word('duration');
    if (!alertId || !duration) throw new UsageError(ALERT_AND_DURATION);
    const ms = parseDurationWord(duration);
    if (ms === null) throw new UsageError(`"${duration}" is not a duration (30m, 1h, 8h, 2d)`);
    if (ms < MIN_SNOOZE_MS || ms > MAX_SNOOZE_MS) throw new UsageError('a snooze lasts between 1 minute and 7 days');
    return { alertId, ms };
  },
  run: ({ alertId, ms }, { services, user }) => {
    const snoozed = alertDeskOf(services).snooze(alertId, ms, actorName(user));
    if (snoozed.length === 0) {
      return Promise.resolve(reply(text('Nothing to snooze: that alert is not firing any more (or never was). /alerts lists what fires now.')));
    }
    const untilMs = services.clock.now() + ms;
    const until = formatLocalTime(untilMs, services.config.timezone);
    const what = snoozed.map((a) => `${a.miner} ${a.ruleTitle}`).join(', ');
    return Promise.resolve({
      ...reply(text(`Snoozed for ${formatDuration(ms)}, until ${until}: ${what}. Reminders resume then if it still fires.`)),
      stamp: `💤 snoozed by ${actorName(user)} until ${ms < 86_400_000 ? localClock(untilMs, services.config.timezone) : until}`,
    });
  },
});
