import { parsePositional } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { reply, text } from '../src/chat/reply.js';
import { alertDeskOf } from './alerts.js';
import { chatTargetOf } from '../src/chat/identity.js';

/** This chat stops receiving alerts (unless the config names it as an alert chat). */
export const unsubscribeCommand = defineCommand<null>({
  name: 'unsubscribe',
  description: 'Stop alerts in this chat',
  usage: '/unsubscribe',
  role: 'viewer',
  args: {},
  parse: (words, { services }) => {
    parsePositional({}, words, services.fleet.miners(), 'unsubscribe');
    return null;
  },
  run: (_args, { services, user }) => {
    const desk = alertDeskOf(services);
    const chat = chatTargetOf(user);
    const removed = desk.unsubscribe(chat);
    const lines = [removed ? '🔕 This chat no longer receives alerts or the digest.' : 'This chat was not subscribed.'];
    if (desk.isAlertChat(chat)) {
      lines.push('It is listed in chat.telegram.alertChatIds, so it still receives every alert: remove it there to stop them.');
    }
    return Promise.resolve(reply(text(lines.join('\n'))));
  },
});
