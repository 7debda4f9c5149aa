/**
 * Drives the real telegraf 4 client against the fake Bot API: if telegraf and the fake disagree about the wire
 * format (multipart, long polling, error bodies), these tests fail before any adapter test can mislead us.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Markup, Telegraf, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-bot-api.js';

const OWNER_CHAT = 4242;
const OWNER = 4242;

/** A PNG signature and IHDR chunk (640×480) followed by filler: enough for the fake to read the size. */
function fakePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return Buffer.concat([header, Buffer.alloc(3000, 7)]);
}

interface RunningBot {
  bot: Telegraf;
  handlerErrors: unknown[];
  /** Settles when polling stops: with undefined, or with the fatal error. */
  launched: Promise<unknown>;
}

let fake: FakeTelegram;
let running: RunningBot | undefined;

async function startBot(setup: (bot: Telegraf) => void, options: Telegraf.LaunchOptions = {}): Promise<RunningBot> {
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  const handlerErrors: unknown[] = [];
  // Without bot.catch, telegraf's default handler re-throws and ends polling.
  bot.catch((error) => {
    handlerErrors.push(error);
  });
  setup(bot);
  // launch() settles only when polling stops, so it is kept, not awaited.
  const launched = bot.launch(options).then(
    () => undefined,
    (error: unknown) => error,
  );
  running = { bot, handlerErrors, launched };
  await fake.waitForCall('getMe');
  await vi.waitFor(() => expect(fake.heldPollCount).toBe(1));
  return running;
}

async function stopBot(): Promise<unknown> {
  if (!running) return undefined;
  const { bot, launched } = running;
  running = undefined;
  bot.stop('test');
  return launched;
}

beforeEach(async () => {
  fake = await startFakeTelegram({ pollHoldMs: 300 });
});

afterEach(async () => {
  await stopBot();
  await fake.close();
  expect(fake.serverErrors).toEqual([]);
});

describe('fake Telegram Bot API with the real telegraf', () => {
  it('launches, answers /start through a long poll, and stops cleanly', async () => {
    await startBot((bot) => bot.start((ctx) => ctx.reply(`hello ${ctx.from.first_name}`)));
    expect(fake.calls.slice(0, 2).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook']);

    const update = fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/start' });
    expect(update.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    const reply = await fake.waitForCall('sendMessage');
    expect(reply.params).toMatchObject({ chat_id: OWNER_CHAT, text: `hello User ${OWNER}` });
    expect(fake.sent(OWNER_CHAT).map((m) => [m.kind, m.text])).toEqual([['text', `hello User ${OWNER}`]]);

    expect(await stopBot()).toBeUndefined();
    // On stop telegraf confirms the offset past the handled update.
    const confirm = fake.callsOf('getUpdates').at(-1);
    expect(confirm?.params).toMatchObject({ offset: update.update_id + 1, limit: 1 });
    expect(fake.pendingUpdateCount).toBe(0);
  });

  it('receives a photo and a CSV document as multipart with their bytes', async () => {
    const png = fakePng(640, 480);
    const csv = Buffer.from('time,hashrateGhs\n2026-01-01T00:00:00Z,1203.5\n');
    await startBot((bot) => {
      bot.command('chart', (ctx) => ctx.replyWithPhoto({ source: png, filename: 'hashrate.png' }, { caption: 'Hashrate 24 h' }));
      bot.command('export', (ctx) => ctx.replyWithDocument({ source: csv, filename: 'stats.csv' }));
    });

    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/chart' });
    const photo = await fake.waitForCall('sendPhoto');
    expect(photo.params).toMatchObject({ chat_id: String(OWNER_CHAT), caption: 'Hashrate 24 h' });
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0]).toMatchObject({ field: 'photo', name: 'hashrate.png', size: png.length });
    expect(photo.files[0]?.bytes.equals(png)).toBe(true);

    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/export' });
    const document = await fake.waitForCall('sendDocument');
    expect(document.files[0]).toMatchObject({ field: 'document', name: 'stats.csv', size: csv.length });
    expect(document.files[0]?.bytes.equals(csv)).toBe(true);

    const [sentPhoto, sentDocument] = fake.sent(OWNER_CHAT);
    expect(sentPhoto?.kind).toBe('photo');
    expect(sentPhoto?.text).toBe('Hashrate 24 h');
    const sizes = 'photo' in sentPhoto!.message ? sentPhoto!.message.photo : [];
    expect(sizes.at(-1)).toMatchObject({ width: 640, height: 480 });
    expect(sentDocument?.message).toMatchObject({ document: { file_name: 'stats.csv', mime_type: 'text/csv', file_size: csv.length } });
    expect(sentDocument!.messageId).toBeGreaterThan(sentPhoto!.messageId);
  });

  it('delivers a button press and records the callback answer and keyboard edit', async () => {
    await startBot((bot) => {
      bot.command('alerts', (ctx) => ctx.reply('Overheat on bitaxe-1', Markup.inlineKeyboard([Markup.button.callback('Acknowledge', 'ack:7')])));
      bot.action('ack:7', async (ctx) => {
        await ctx.answerCbQuery('Acknowledged');
        await ctx.editMessageReplyMarkup(undefined);
      });
    });
    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/alerts' });
    await fake.waitForCall('sendMessage');
    const alert = fake.sent(OWNER_CHAT)[0]!;
    expect(alert.replyMarkup?.inline_keyboard[0]?.[0]).toMatchObject({ text: 'Acknowledge', callback_data: 'ack:7' });

    const press = fake.pressButton({ chatId: OWNER_CHAT, userId: OWNER, messageId: alert.messageId, data: 'ack:7' });
    const answer = await fake.waitForCall('answerCallbackQuery');
    expect(answer.params).toMatchObject({ callback_query_id: press.callback_query.id, text: 'Acknowledged' });
    await fake.waitForCall('editMessageReplyMarkup', (c) => c.status === 200);
    expect(fake.sent(OWNER_CHAT)[0]).toMatchObject({ edited: true, replyMarkup: undefined });
    expect(running?.handlerErrors).toEqual([]);
  });

  it('surfaces an injected 429 as a TelegramError with retry_after and keeps polling', async () => {
    const { handlerErrors } = await startBot((bot) => bot.start((ctx) => ctx.reply('hi')));
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });

    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/start' });
    await vi.waitFor(() => expect(handlerErrors).toHaveLength(1));
    const error = handlerErrors[0];
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).code).toBe(429);
    expect((error as TelegramError).parameters?.retry_after).toBe(1);
    expect((error as TelegramError).description).toBe('Too Many Requests: retry after 1');

    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/start' });
    await fake.waitForCall('sendMessage', (c) => c.status === 200);
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('drops updates that were pending before a launch with dropPendingUpdates', async () => {
    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: '/start' });
    await startBot((bot) => bot.on('message', (ctx) => ctx.reply(`got ${'text' in ctx.message ? ctx.message.text : '?'}`)), {
      dropPendingUpdates: true,
    });
    fake.sendUserMessage({ chatId: OWNER_CHAT, userId: OWNER, text: 'second' });
    await fake.waitForCall('sendMessage');
    expect(fake.sent(OWNER_CHAT).map((m) => m.text)).toEqual(['got second']);
  });
});

describe('fake Telegram Bot API errors and bookkeeping', () => {
  let bot: Telegraf;
  beforeEach(() => {
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });

  it('answers Telegram-shaped 403, 400, 500, unknown-method and wrong-token errors', async () => {
    fake.failNext('sendMessage', { status: 403 });
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    fake.failNext('sendMessage', { status: 500 });

    const blocked = await bot.telegram.sendMessage(OWNER_CHAT, 'a').catch((e: unknown) => e);
    expect(blocked).toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    const bad = await bot.telegram.sendMessage(OWNER_CHAT, 'b').catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 400, description: 'Bad Request: chat not found' });
    const down = await bot.telegram.sendMessage(OWNER_CHAT, 'c').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(TelegramError);
    expect(down).toMatchObject({ code: 500 });
    await expect(bot.telegram.sendMessage(OWNER_CHAT, 'd')).resolves.toMatchObject({ text: 'd', chat: { id: OWNER_CHAT } });

    await expect(bot.telegram.callApi('noSuchMethod' as 'getMe', {})).rejects.toMatchObject({ code: 404 });
    const stranger = new Telegraf('1:wrong', { telegram: { apiRoot: fake.apiRoot } });
    await expect(stranger.telegram.getMe()).rejects.toMatchObject({ code: 401, description: 'Unauthorized' });
  });

  it('fails only the chosen chat, and for as long as told', async () => {
    let down = true;
    fake.failNext('sendMessage', { status: 403, chatId: 1 }, 5);
    fake.failFor('sendChatAction', () => down, { status: 502 });

    await expect(bot.telegram.sendMessage(1, 'to the blocked chat')).rejects.toMatchObject({ code: 403 });
    await expect(bot.telegram.sendMessage(2, 'to another chat')).resolves.toMatchObject({ message_id: 1 });
    await expect(bot.telegram.sendChatAction(2, 'typing')).rejects.toMatchObject({ code: 502 });
    down = false;
    await expect(bot.telegram.sendChatAction(2, 'typing')).resolves.toBe(true);
  });

  it('numbers messages per chat and validates text, captions and edits like Telegram', async () => {
    expect((await bot.telegram.sendMessage(-100, 'group one')).message_id).toBe(1);
    expect((await bot.telegram.sendMessage(7, 'private one')).message_id).toBe(1);
    const second = await bot.telegram.sendMessage(-100, 'group two');
    expect(second).toMatchObject({ message_id: 2, chat: { id: -100, type: 'group' } });

    await expect(bot.telegram.sendMessage(7, 'x'.repeat(4097))).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
    await expect(bot.telegram.sendMessage(7, '1.2 TH/s', { parse_mode: 'MarkdownV2' })).rejects.toMatchObject({ code: 400 });
    await expect(bot.telegram.sendMessage(7, '1\\.2 TH/s `10.0.0.7`', { parse_mode: 'MarkdownV2' })).resolves.toBeTruthy();
    await expect(bot.telegram.editMessageText(-100, 2, undefined, 'group two')).rejects.toMatchObject({
      description: expect.stringContaining('message is not modified') as string,
    });
    await expect(bot.telegram.editMessageText(-100, 2, undefined, 'group two, edited')).resolves.toMatchObject({ text: 'group two, edited' });
    await expect(bot.telegram.deleteMessage(-100, 1)).resolves.toBe(true);
    await expect(bot.telegram.deleteMessage(-100, 1)).rejects.toMatchObject({ code: 400 });
    expect(fake.sent(-100).map((m) => [m.text, m.edited, m.deleted])).toEqual([
      ['group one', false, true],
      ['group two, edited', true, false],
    ]);
    await bot.telegram.setMyCommands([{ command: 'status', description: 'Fleet status' }]);
    expect(fake.callsOf('setMyCommands')[0]?.params.commands).toEqual([{ command: 'status', description: 'Fleet status' }]);
  });

  it('honours offset, holds an empty long poll until an update arrives, and forgets an aborted poll', async () => {
    const first = fake.sendUserMessage({ chatId: 1, userId: 1, text: 'one' });
    const second = fake.sendUserMessage({ chatId: 1, userId: 1, text: 'two' });
    const both = await bot.telegram.callApi('getUpdates', { offset: 0, timeout: 0 });
    expect(both.map((u: Update) => u.update_id)).toEqual([first.update_id, second.update_id]);
    const rest = await bot.telegram.callApi('getUpdates', { offset: second.update_id, timeout: 0 });
    expect(rest.map((u: Update) => u.update_id)).toEqual([second.update_id]);
    expect(fake.pendingUpdateCount).toBe(1);

    const held = bot.telegram.callApi('getUpdates', { offset: second.update_id + 1, timeout: 50 });
    await vi.waitFor(() => expect(fake.heldPollCount).toBe(1));
    const third = fake.sendUserMessage({ chatId: 1, userId: 1, text: 'three' });
    expect((await held).map((u: Update) => u.update_id)).toEqual([third.update_id]);

    const controller = new AbortController();
    // telegraf types its signal with the abort-controller polyfill; Node's own AbortSignal is what it really uses.
    const callOptions = { signal: controller.signal } as unknown as NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>;
    const aborted = bot.telegram.callApi('getUpdates', { offset: third.update_id + 1, timeout: 50 }, callOptions);
    await vi.waitFor(() => expect(fake.heldPollCount).toBe(1));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(fake.heldPollCount).toBe(0));
  });

  it('rejects a wait that times out with the calls seen so far, and a wait pending at close', async () => {
    await bot.telegram.getMe();
    await expect(fake.waitForCall('sendPhoto', undefined, 50)).rejects.toThrow(/a sendPhoto call not seen within 50 ms;[\s\S]*#1 getMe → 200/);

    const pending = fake.waitForCall('sendDocument', undefined, 5_000);
    const held = bot.telegram.callApi('getUpdates', { offset: 0, timeout: 50 });
    await vi.waitFor(() => expect(fake.heldPollCount).toBe(1));
    await fake.close();
    await expect(pending).rejects.toThrow(/closed/);
    // The held poll is answered (or cut) rather than left hanging.
    await expect(Promise.allSettled([held])).resolves.toHaveLength(1);
    expect(fake.heldPollCount).toBe(0);
  });
});
