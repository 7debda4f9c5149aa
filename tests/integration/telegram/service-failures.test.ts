import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text } from '../../../src/chat/reply.js';
import { ChatBlockedError } from '../../../src/chat/telegram/send-errors.js';
import { ADMIN_IDS, readable, startServiceWithTelegram, waitForMessage, type ServiceUnderTest } from './service-harness.js';

let sut: ServiceUnderTest;

beforeAll(async () => {
  // Demo mode: the service starts its own three simulated miners.
  sut = await startServiceWithTelegram();
});

afterAll(async () => {
  await sut.close();
});

function admin(index: number): number {
  const id = ADMIN_IDS[index];
  if (id === undefined) throw new Error(`no admin #${index}`);
  return id;
}

const isStatus = (params: Record<string, unknown>): boolean => readable(String(params.text)).includes('Fleet status');

describe('Telegram failures, end to end', () => {
  it('runs demo mode with the three simulated miners', () => {
    expect(sut.minerNames).toEqual(['gamma', 'supra', 'ultra']);
  });

  it('waits out a 429 and then delivers the reply exactly once', async () => {
    const chatId = admin(0);
    sut.fake.failNext('sendMessage', { status: 429, retryAfter: 1, chatId });
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/status' });
    await waitForMessage(sut.fake, chatId, (m) => readable(m.text).includes('Fleet status'));
    const attempts = sut.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    const [limited, delivered] = attempts;
    // Telegram said "retry after 1 s"; the queue honours it rather than retrying at once.
    expect((delivered?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);

    // A later reply in another chat as a sync point: nothing more went to the first chat meanwhile.
    const other = admin(1);
    sut.fake.sendUserMessage({ chatId: other, userId: other, text: '/whoami' });
    await waitForMessage(sut.fake, other);
    expect(sut.fake.sent(chatId).filter((m) => readable(m.text).includes('Fleet status'))).toHaveLength(1);
    expect(sut.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chatId && c.status === 200 && isStatus(c.params))).toHaveLength(1);
  });

  it('marks a chat that answers 403 as blocked, without a crash, and keeps answering others', async () => {
    const blockedChat = admin(2);
    sut.fake.failNext('sendMessage', { status: 403, chatId: blockedChat });
    sut.fake.sendUserMessage({ chatId: blockedChat, userId: blockedChat, text: '/status' });
    await sut.fake.waitForCall('sendMessage', (c) => Number(c.params.chat_id) === blockedChat && c.status === 403, 8_000);
    await expect.poll(() => sut.service.telegram.isChatBlocked(blockedChat)).toBe(true);
    expect(sut.fake.sent(blockedChat)).toHaveLength(0);

    // Proactive messages to it are refused at once instead of hammering Telegram.
    const callsBefore = sut.fake.calls.length;
    await expect(sut.service.telegram.sendTo(blockedChat, { blocks: [text('alert')], buttons: [] })).rejects.toBeInstanceOf(ChatBlockedError);
    expect(sut.fake.calls.slice(callsBefore).some((c) => Number(c.params.chat_id) === blockedChat)).toBe(false);

    const other = admin(3);
    sut.fake.sendUserMessage({ chatId: other, userId: other, text: '/status' });
    expect(readable((await waitForMessage(sut.fake, other)).text)).toContain('Fleet status');
    expect(sut.logLines.some((line) => line.includes('Telegram chat blocked the bot'))).toBe(true);
  });

  it('takes a blocked chat back when its user writes again', async () => {
    const chatId = admin(4);
    sut.fake.failNext('sendMessage', { status: 403, chatId });
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/whoami' });
    await expect.poll(() => sut.service.telegram.isChatBlocked(chatId)).toBe(true);
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/whoami' });
    const answer = await waitForMessage(sut.fake, chatId);
    expect(readable(answer.text)).toContain(`telegram:${chatId}`);
    expect(sut.service.telegram.isChatBlocked(chatId)).toBe(false);
  });

  it('retries a 5xx and delivers', async () => {
    const chatId = admin(5);
    sut.fake.failNext('sendMessage', { status: 502, chatId });
    await sut.service.telegram.sendTo(chatId, { blocks: [text('after a bad gateway')], buttons: [] });
    const attempts = sut.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);
    expect(attempts.map((c) => c.status)).toEqual([502, 200]);
  });

  it('sends proactive messages, silently when asked', async () => {
    const group = -7001;
    await sut.service.telegram.sendTo(group, { blocks: [text('sim-gamma-1 <hot> & loud')], buttons: [] }, { silent: true });
    const call = await sut.fake.waitForCall('sendMessage', (c) => Number(c.params.chat_id) === group);
    expect(call.params.disable_notification).toBe(true);
    expect(call.params.text).toBe('sim-gamma-1 &lt;hot&gt; &amp; loud');
    await sut.service.telegram.sendTo(`${group}`, { blocks: [text('second')], buttons: [] });
    const calls = sut.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === group);
    expect(calls[1]?.params.disable_notification).toBeUndefined();
  });

  it('is still polling the miners after all of that', () => {
    expect(sut.service.collector.miners.every((loop) => loop.health.isOnline)).toBe(true);
    expect(sut.fake.serverErrors).toEqual([]);
  });
});
