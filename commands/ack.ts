import { UsageError } from '../src/chat/args.js';
import { defineCommand } from '../src/chat/command.js';
import { formatLocalTime } from '../src/chat/format.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';

/** Stops the reminders of a firing alert; its resolution is still reported. What the Acknowledge button runs. */
export const ackCommand = defineCommand<{ alertId: string }>({
  name: 'ack',
  description: 'Acknowledge a firing alert: no more reminders, the resolution still comes',
  usage: '/ack <alert id|all>',
  examples: ['/ack all'],
  role: 'viewer',
  parse: (words) => {
    if (words.length !== 1 || !words[0]) throw new UsageError('give one alert id (see /alerts), or "all"');
    return { alertId: words[0] };
  },
  run: ({ alertId }, { services, user }) => {
    const acknowledged = alertDeskOf(services).acknowledge(alertId, actorName(user));
    if (acknowledged.length === 0) {
      return Promise.resolve(reply(text('Nothing to acknowledge: that alert is not firing any more (or never was). /alerts lists what fires now.')));
    }
    const what = acknowledged.map((a) => `${a.miner} ${a.ruleTitle}`).join(', ');
    const at = formatLocalTime(services.clock.now(), services.config.timezone).slice(11);
    return Promise.resolve({
      ...reply(text(`Acknowledged by ${actorName(user)}: ${what}. No more reminders; you will still hear when it resolves.`)),
      stamp: `✓ acknowledged by ${actorName(user)} ${at}`,
    });
  },
});
