import { parsePositional } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import { actorName, alertDeskOf } from './alerts.js';
import { chatTargetOf } from '../src/chat/identity.js';

/** A test alert to this chat through the whole path real alerts take: engine, outbox, dispatcher, chat platform. */
export const alerttestCommand = defineCommand<null>({
  name: 'alerttest',
  description: 'Send a test alert to this chat',
  usage: '/alerttest',
  role: 'viewer',
  args: {},
  parse: (words, { services }) => {
    parsePositional({}, words, services.fleet.miners(), 'alerttest');
    return null;
  },
  run: (_args, { services, user }) => {
    const desk = alertDeskOf(services);
    if (!desk.canDeliverTo(chatTargetOf(user))) {
      return Promise.resolve(reply(text(`Alerts cannot be delivered to ${user.platform} chats; try /alerttest from Telegram.`)));
    }
    desk.sendTest(chatTargetOf(user), actorName(user));
    return Promise.resolve(reply(text('A test alert is on its way to this chat, through the same outbox as real alerts.')));
  },
});
