/**
 * The Telegram adapter on its own: the real telegraf against the fake Bot API, with a router holding a few test
 * commands, for the behaviours that need no miners: escaping, button answers and edits, launch failures, shutdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../../src/chat/command.js';
import { reply, text } from '../../../src/chat/reply.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { ChatServices } from '../../../src/chat/services.js';
import { TelegramAdapter, TelegramOffError, type TelegramAdapterOptions } from '../../../src/chat/telegram/adapter.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock, VirtualClock, type Clock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import type { Store } from '../../../src/store/store.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-bot-api.js';

const ADMIN = 1;
const STRANGER = 99;

/** Lets a test decide when the slow button's work finishes. */
let releaseSlowWork: () => void = () => undefined;

const TEST_COMMANDS: CommandDefinition[] = [
  {
    name: 'ping', description: 'Answers pong', usage: '/ping [words]', role: 'viewer',
    parse: (words) => words,
    run: (words) => Promise.resolve(reply(text(`pong <${(words as string[]).join(' ')}> & co`))),
  },
  {
    name: 'menu', description: 'A message with a button', usage: '/menu', role: 'viewer',
    parse: () => null,
    run: () => Promise.resolve({
      blocks: [text('menu')],
      buttons: [[{ label: 'Ping', action: { kind: 'command', line: 'ping again', edit: true } }]],
    }),
  },
  {
    name: 'render', description: 'A reply that takes a while', usage: '/render', role: 'viewer',
    parse: () => null,
    run: () => new Promise((resolve) => {
      releaseSlowWork = () => resolve(reply(text('rendered')));
    }),
  },
  {
    name: 'slow', description: 'A button whose work takes a while', usage: '/slow', role: 'viewer',
    parse: () => null,
    run: () => Promise.resolve({
      blocks: [text('Start the slow job?')],
      buttons: [[{
        label: 'Start',
        action: {
          kind: 'callback', edit: true,
          run: () => new Promise((resolve) => {
            releaseSlowWork = () => resolve(reply(text('slow job done')));
          }),
        },
      }]],
    }),
  },
];

interface Harness {
  fake: FakeTelegram;
  adapter: TelegramAdapter;
  logLines: string[];
  blockedChats: string[];
}

const open: Array<{ adapter: TelegramAdapter; fake: FakeTelegram }> = [];

afterEach(async () => {
  for (const { adapter, fake } of open.splice(0)) {
    await adapter.stop();
    await fake.close();
  }
});

async function setup(options: Partial<TelegramAdapterOptions> & { clock?: Clock } = {}): Promise<Harness> {
  const fake = await startFakeTelegram({ pollHoldMs: 100 });
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  const clock = options.clock ?? new RealClock();
  const services: ChatServices = {
    fleet: { miners: () => [] }, store: {} as Store, config: parseConfig({}, {}), clock,
  };
  const router = new CommandRouter({
    commands: TEST_COMMANDS, services, clock, log, access: () => ({ admins: [`telegram:${ADMIN}`], viewers: [] }),
  });
  const blockedChats: string[] = [];
  const adapter = new TelegramAdapter({
    token: fake.token, apiRoot: fake.apiRoot, router, clock, log,
    onChatBlocked: (chatId) => blockedChats.push(chatId),
    // One message per second per chat is Telegram's rule; these tests send and edit in one chat quickly.
    limits: { perChatIntervalMs: 0 },
    ...options,
  });
  open.push({ adapter, fake });
  return { fake, adapter, logLines, blockedChats };
}

function logged(harness: Harness, fragment: string): Promise<string> {
  return expect
    .poll(() => harness.logLines.find((line) => line.includes(fragment)), { timeout: 5_000 })
    .toBeDefined()
    .then(() => harness.logLines.find((line) => line.includes(fragment)) ?? '');
}

describe('TelegramAdapter', () => {
  it('answers a command with its text as escaped HTML', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/ping a<b' });
    const call = await fake.waitForCall('sendMessage', undefined, 5_000);
    expect(call.params).toMatchObject({ text: 'pong &lt;a&lt;b&gt; &amp; co', parse_mode: 'HTML' });
  });

  it('edits the message a command button was on', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/menu' });
    await fake.waitForCall('sendMessage', undefined, 5_000);
    const [menu] = fake.sent(ADMIN);
    const button = menu?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!menu || !button || !('callback_data' in button)) throw new Error('no button on the menu');

    fake.pressButton({ chatId: ADMIN, userId: ADMIN, messageId: menu.messageId, data: button.callback_data });
    const edit = await fake.waitForCall('editMessageText', undefined, 5_000);
    expect(edit.params).toMatchObject({ message_id: menu.messageId, text: 'pong &lt;again&gt; &amp; co' });
    expect(fake.sent(ADMIN)).toHaveLength(1);
    expect(fake.sent(ADMIN)[0]?.edited).toBe(true);
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.status)).toEqual([200]);
  });

  it('answers a slow press at once and edits the message when the work is done', async () => {
    const { fake, adapter } = await setup({ answerPressWithinMs: 50 });
    await adapter.start();
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/slow' });
    await fake.waitForCall('sendMessage', undefined, 5_000);
    const [question] = fake.sent(ADMIN);
    const button = question?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!question || !button || !('callback_data' in button)) throw new Error('no button on the question');

    fake.pressButton({ chatId: ADMIN, userId: ADMIN, messageId: question.messageId, data: button.callback_data });
    const answer = await fake.waitForCall('answerCallbackQuery', undefined, 5_000);
    expect(answer.status).toBe(200);
    expect(fake.callsOf('editMessageText')).toHaveLength(0);

    releaseSlowWork();
    const edit = await fake.waitForCall('editMessageText', undefined, 5_000);
    expect(edit.params.text).toBe('slow job done');
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('shows "typing" while a reply takes long, then sends it', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/render' });
    const action = await fake.waitForCall('sendChatAction', undefined, 5_000);
    expect(action.params).toMatchObject({ chat_id: ADMIN, action: 'typing' });
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
    releaseSlowWork();
    expect((await fake.waitForCall('sendMessage', undefined, 5_000)).params.text).toBe('rendered');
  });

  it('answers a stranger\'s press with the refusal and their id, and does nothing else', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    fake.sendUserMessage({ chatId: -300, userId: ADMIN, text: '/menu', chatType: 'group' });
    await fake.waitForCall('sendMessage', undefined, 5_000);
    const [menu] = fake.sent(-300);
    const button = menu?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!menu || !button || !('callback_data' in button)) throw new Error('no button on the menu');

    fake.pressButton({ chatId: -300, userId: STRANGER, messageId: menu.messageId, data: button.callback_data });
    const answer = await fake.waitForCall('answerCallbackQuery', undefined, 5_000);
    expect(answer.params.text).toBe(`Not allowed. Your id is telegram:${STRANGER}.`);
    fake.pressButton({ chatId: -300, userId: ADMIN, messageId: menu.messageId, data: 'bNoSuchButton' });
    const stale = await fake.waitForCall('answerCallbackQuery', (c) => c !== answer, 5_000);
    expect(String(stale.params.text)).toContain('no longer active');
    expect(fake.callsOf('editMessageText')).toHaveLength(0);
    expect(fake.sent(-300)).toHaveLength(1);
  });

  it('stays off without a token, says so once, and refuses to send', async () => {
    const { fake, adapter, logLines } = await setup({ token: null });
    await adapter.start();
    expect(adapter.enabled).toBe(false);
    expect(logLines.filter((line) => line.includes('Telegram is off'))).toHaveLength(1);
    expect(logLines.find((line) => line.includes('Telegram is off'))).toContain('TELEGRAM_BOT_TOKEN');
    await expect(adapter.sendTo(ADMIN, { blocks: [text('hi')], buttons: [] })).rejects.toBeInstanceOf(TelegramOffError);
    expect(fake.calls).toHaveLength(0);
  });

  it('logs a rejected token clearly, without the token, and stays up', async () => {
    const harness = await setup({ token: '424242:WrongTokenSecretPart' });
    await harness.adapter.start();
    const line = await logged(harness, 'Telegram rejected the bot token');
    expect(line).toContain('"level":"error"');
    expect(harness.logLines.join('\n')).not.toContain('WrongTokenSecretPart');
    expect(harness.fake.callsOf('getUpdates')).toHaveLength(0);
    await harness.adapter.stop();
  });

  it('logs when another instance is polling the same bot', async () => {
    const harness = await setup();
    harness.fake.failNext('getUpdates', { status: 409 });
    await harness.adapter.start();
    await logged(harness, 'another instance is polling this bot');
    expect(harness.fake.callsOf('getUpdates').map((c) => c.status)).toEqual([409]);
  });

  it('tries the launch again, on its clock, when Telegram answered it with a server error', async () => {
    const clock = new VirtualClock(Date.now());
    const harness = await setup({ clock });
    harness.fake.failNext('getMe', { status: 500 });
    await harness.adapter.start();
    await logged(harness, 'Telegram polling failed; trying again');
    expect(harness.fake.callsOf('getUpdates')).toHaveLength(0);
    await clock.advance(5_000);
    await harness.fake.waitForCall('getUpdates', undefined, 5_000);
    harness.fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/ping' });
    await harness.fake.waitForCall('sendMessage', undefined, 5_000);
  });

  it('stops at once, also when stopped before telegraf got going', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    await adapter.stop();
    const callsAtStop = fake.calls.length;
    // Whatever was in flight when stop() returned must not turn into a long poll afterwards.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const later = fake.calls.slice(callsAtStop);
    expect(later.filter((c) => c.method === 'getUpdates' && c.params.timeout !== undefined)).toEqual([]);
    expect(fake.heldPollCount).toBe(0);
  });

  it('stops a running bot: the long poll ends and the offset is confirmed', async () => {
    const { fake, adapter } = await setup();
    await adapter.start();
    await expect.poll(() => fake.heldPollCount, { timeout: 5_000 }).toBeGreaterThan(0);
    await adapter.stop();
    expect(fake.heldPollCount).toBe(0);
    expect(fake.callsOf('getUpdates').at(-1)?.params).toMatchObject({ limit: 1 });
  });
});
