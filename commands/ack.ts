import { UsageError } from '../src/chat/args.js';
import { parsePositional, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { localClock } from '../src/core/local-time.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

const ONE_ALERT = 'give one alert id (see /alerts), or "all"';
const ACK_ARGS: CommandArgs = {
  args: [{ name: 'alert', kind: 'alert', required: true, description: 'the alert id (see /alerts), or all', missing: ONE_ALERT }],
  tooMany: ONE_ALERT,
};

/** Stops the reminders of a firing alert; its resolution is still reported. What the Acknowledge button runs. */
export const ackCommand = defineCommand<{ alertId: string }>({
  name: 'ack',
  description: 'Acknowledge a firing alert: no more reminders, the resolution still comes',
  usage: '/ack <alert id|all>',
  examples: ['/ack all'],
  role: 'viewer',
  args: ACK_ARGS,
  parse: (words, { services }) => {
    const alertId = parsePositional(ACK_ARGS, words, services.fleet.miners(), 'ack').word('alert');
    if (!alertId) throw new UsageError(ONE_ALERT);
    return { alertId };
  },
  run: ({ alertId }, { services, user }) => {
    const acknowledged = alertDeskOf(services).acknowledge(alertId, actorName(user));
    if (acknowledged.length === 0) {
      return Promise.resolve(reply(text('Nothing to acknowledge: that alert is not firing any more (or never was). /alerts lists what fires now.')));
    }
    const what = acknowledged.map((a) => `${a.miner} ${a.ruleTitle}`).join(', ');
    const at = localClock(services.clock.now(), services.config.timezone);
    return Promise.resolve({
      ...reply(text(`Acknowledged by ${actorName(user)}: ${what}. No more reminders; you will still hear when it resolves.`)),
      stamp: `✓ acknowledged by ${actorName(user)} ${at}`,
    });
  },
});
