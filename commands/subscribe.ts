import type { Severity } from '../src/alerts/types.js';
import { parsePositional, type CommandArgs } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';
import { chatTargetOf } from '../src/chat/identity.js';

const LEVELS: readonly Severity[] = ['info', 'warning', 'critical'];

const WHAT_ARRIVES: Record<Severity, string> = {
  info: 'every alert and the good news (new best difficulty, blocks, unexpected reboots)',
  warning: 'warning and critical alerts (and found blocks)',
  critical: 'critical alerts only (offline, overheating, fan failure, no hashrate; and found blocks)',
};

const SUBSCRIBE_ARGS: CommandArgs = {
  args: [{ name: 'level', kind: 'choice', choices: LEVELS, description: 'the least severe alerts to receive (default: warning)' }],
  tooMany: 'give at most one level: info, warning or critical',
};

/**
 * This chat receives alerts from now on, at or above a severity. Viewers may subscribe their own chat: it only
 * decides where the messages they may read anyway are sent.
 */
export const subscribeCommand = defineCommand<{ minSeverity: Severity }>({
  name: 'subscribe',
  description: 'Receive alerts in this chat (default: warning and above)',
  usage: '/subscribe [info|warning|critical]',
  examples: ['/subscribe', '/subscribe critical'],
  role: 'viewer',
  args: SUBSCRIBE_ARGS,
  parse: (words, { services }) => {
    const word = parsePositional(SUBSCRIBE_ARGS, words, services.fleet.miners(), 'subscribe').word('level') ?? 'warning';
    return { minSeverity: LEVELS.find((l) => l === word) ?? 'warning' };
  },
  run: ({ minSeverity }, { services, user }) => {
    const desk = alertDeskOf(services);
    if (!desk.canDeliverTo(chatTargetOf(user))) {
      return Promise.resolve(reply(text(`Alerts cannot be delivered to ${user.platform} chats; subscribe from Telegram.`)));
    }
    desk.subscribe(chatTargetOf(user), minSeverity, actorName(user));
    const { enabled, time, timeZone } = desk.digestSchedule;
    const digest = enabled ? ` Also the daily digest at ${time} (${timeZone}).` : '';
    return Promise.resolve(
      reply(text(`🔔 This chat now receives ${WHAT_ARRIVES[minSeverity]}.${digest} /alerttest sends a test; /unsubscribe stops it.`)),
    );
  },
});
