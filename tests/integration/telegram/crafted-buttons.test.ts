/**
 * Crafted button data through the real telegraf and the fake Bot API (the review's D10): a role-holder who sends
 * `e:help` against an alert message gets a short refusal, and the alert keeps its text and buttons. Even real (signed)
 * data replayed against another message never rewrites that message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alertMessage } from '../../../src/alerts/delivery/alert-message.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import type { CommandDefinition } from '../../../src/chat/command.js';
import { reply, text } from '../../../src/chat/reply.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { TelegramAdapter } from '../../../src/chat/telegram/adapter.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Store } from '../../../src/store/store.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-bot-api.js';
import { openTempStore } from '../store/helpers.js';

const GROUP = -500;
const ADMIN = 1;
const VIEWER = 2;

const COMMANDS: CommandDefinition[] = [
  { name: 'help', description: 'Help', usage: '/help', role: 'viewer', parse: () => null, run: () => Promise.resolve(reply(text('axepilot commands'))) },
  {
    name: 'chart', description: 'A message with range buttons', usage: '/chart', role: 'viewer', parse: () => null,
    run: () => Promise.resolve({ blocks: [text('chart 1h')], buttons: [[{ label: '24h', action: { kind: 'command', line: 'help', edit: true } }]] }),
  },
  { name: 'ack', description: 'Acknowledge', usage: '/ack <id>', role: 'viewer', parse: (w) => w, run: () => Promise.resolve(reply(text('acknowledged'))) },
];

describe('crafted button data against the real Telegram client', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ fake: FakeTelegram; adapter: TelegramAdapter; store: Store }> {
    const { store, cleanup } = openTempStore();
    cleanups.push(cleanup);
    const fake = await startFakeTelegram({ pollHoldMs: 100 });
    cleanups.push(() => fake.close());
    const clock = new RealClock();
    const log = silentLogger();
    const router = new CommandRouter({
      commands: COMMANDS, services: { fleet: { miners: () => [] }, store, config: parseConfig({}, {}), clock }, clock, log,
      access: () => ({ admins: [`telegram:${ADMIN}`], viewers: [`telegram:${VIEWER}`] }),
    });
    const adapter = new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, router, clock, log, limits: { perChatIntervalMs: 0 } });
    cleanups.push(() => adapter.stop());
    await adapter.start();
    return { fake, adapter, store };
  }

  async function sendAlert(fake: FakeTelegram, adapter: TelegramAdapter): Promise<{ messageId: number; ackData: string }> {
    const notification: AlertNotification = {
      id: 'n1', kind: 'firing', rule: 'offline', severity: 'critical', miners: ['gamma'], alertIds: ['a663lpFVJLep'],
      text: '🔴 gamma: offline, no answer for 30 s', silent: false, createdAt: Date.now(),
      actionable: true,
    };
    await adapter.sendTo(GROUP, alertMessage(notification));
    const alert = fake.sent(GROUP).at(-1);
    const ack = alert?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!alert || !ack || !('callback_data' in ack)) throw new Error('the alert has no button');
    return { messageId: alert.messageId, ackData: ack.callback_data };
  }

  it('refuses e:help on an alert with a short notice and leaves the alert as it was', async () => {
    const { fake, adapter } = await setup();
    const alert = await sendAlert(fake, adapter);
    // The alert's own button is signed on the way out, and works.
    expect(alert.ackData).toMatch(/^c:[\w-]{11}:ack a663lpFVJLep$/);

    fake.pressButton({ chatId: GROUP, userId: VIEWER, messageId: alert.messageId, data: 'e:help' });
    const answer = await fake.waitForCall('answerCallbackQuery', undefined, 5_000);
    expect(answer.params.text).toBe('This button was not made by axepilot, or is from an older version; run the command again.');
    // A refused press ends with its answer: nothing is edited or sent after it.
    expect(fake.callsOf('editMessageText')).toHaveLength(0);
    expect(fake.callsOf('editMessageCaption')).toHaveLength(0);
    const stored = fake.sent(GROUP);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.edited).toBeFalsy();
  }, 20_000);

  it('never lets signed data from another message rewrite the alert: the answer comes as a new message', async () => {
    const { fake, adapter } = await setup();
    fake.sendUserMessage({ chatId: GROUP, userId: VIEWER, text: '/chart' });
    await fake.waitForCall('sendMessage', undefined, 5_000);
    const chart = fake.sent(GROUP).at(-1);
    const range = chart?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!range || !('callback_data' in range)) throw new Error('no range button');
    const alert = await sendAlert(fake, adapter);

    fake.pressButton({ chatId: GROUP, userId: VIEWER, messageId: alert.messageId, data: range.callback_data });
    await fake.waitForCall('answerCallbackQuery', undefined, 5_000);
    await expect.poll(() => fake.sent(GROUP).length, { timeout: 5_000 }).toBe(3);
    expect(fake.callsOf('editMessageText')).toHaveLength(0);
    expect(fake.sent(GROUP).find((m) => m.messageId === alert.messageId)?.edited).toBeFalsy();
  }, 20_000);
});
