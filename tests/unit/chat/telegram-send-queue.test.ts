import { describe, expect, it, vi } from 'vitest';
import { TelegramError } from 'telegraf';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import {
  ChatBlockedError,
  SendQueueStoppedError,
  TelegramSendFailedError,
  TelegramSendQueue,
  classifyTelegramError,
  type RetryPolicy,
  type SendJob,
} from '../../../src/chat/telegram/send-queue.js';
import type { TelegramRateLimits } from '../../../src/chat/telegram/rate-limiter.js';

function telegramError(code: number, description: string, parameters?: { retry_after?: number; migrate_to_chat_id?: number }): TelegramError {
  return new TelegramError({ error_code: code, description, ...(parameters ? { parameters } : {}) });
}
const tooManyRequests = (seconds: number): TelegramError =>
  telegramError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
const blocked = (): TelegramError => telegramError(403, 'Forbidden: bot was blocked by the user');
const serverError = (): TelegramError => telegramError(500, 'Internal Server Error');
/** What node-fetch throws inside telegraf when the connection is refused. */
const connectionRefused = (): Error =>
  Object.assign(new Error('request to http://127.0.0.1:9/bot1:[REDACTED]/sendMessage failed, reason: connect ECONNREFUSED'), {
    name: 'FetchError',
    code: 'ECONNREFUSED',
  });

interface Attempt {
  chatId: string | number;
  text: string;
  at: number;
  ok: boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A queue on a virtual clock whose `send` follows a script: the n-th attempt of a text throws the n-th scripted error. */
function setup(options: { limits?: Partial<TelegramRateLimits>; retry?: Partial<RetryPolicy>; random?: () => number } = {}) {
  const clock = new VirtualClock(0);
  const attempts: Attempt[] = [];
  const script = new Map<string, Error[]>();
  const blockedChats: Array<string | number> = [];
  const send = vi.fn((job: SendJob): Promise<{ text: string }> => {
    const text = String(job.payload);
    const error = script.get(text)?.shift();
    attempts.push({ chatId: job.chatId, text, at: clock.now(), ok: !error });
    return error ? Promise.reject(error) : Promise.resolve({ text });
  });
  const queue = new TelegramSendQueue({
    clock,
    send,
    log: silentLogger(),
    onChatBlocked: (chatId) => blockedChats.push(chatId),
    random: options.random ?? (() => 1),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const enqueue = (chatId: number, text: string, isGroup = false): Promise<Outcome> =>
    queue.enqueue({ chatId, isGroup, kind: 'sendMessage', payload: text }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const fail = (text: string, ...errors: Error[]): void => void script.set(text, errors);
  const delivered = (chatId?: number): Array<[string, number]> =>
    attempts.filter((a) => a.ok && (chatId === undefined || a.chatId === chatId)).map((a) => [a.text, a.at]);
  return { clock, queue, send, attempts, enqueue, fail, delivered, blockedChats };
}

describe('classifyTelegramError', () => {
  it.each([
    ['429 with retry_after', tooManyRequests(7), { kind: 'rate-limited', retryAfterMs: 7000 }],
    ['403 blocked', blocked(), { kind: 'blocked', description: 'Forbidden: bot was blocked by the user' }],
    ['500', serverError(), { kind: 'transient' }],
    ['502 as a plain Bot API body', { error_code: 502, description: 'Bad Gateway' }, { kind: 'transient' }],
    ['a refused connection', connectionRefused(), { kind: 'transient' }],
    ['400 bad request', telegramError(400, 'Bad Request: message is too long'), { kind: 'permanent', description: 'Bad Request: message is too long' }],
    [
      '400 after a group became a supergroup',
      telegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }),
      { kind: 'permanent', description: 'Bad Request: group chat was upgraded to a supergroup chat', migrateToChatId: -1001234 },
    ],
    ['401 bad token', telegramError(401, 'Unauthorized'), { kind: 'unauthorized', description: 'Unauthorized' }],
    ['a telegraf-like response object', { code: 429, response: { parameters: { retry_after: 2 } } }, { kind: 'rate-limited', retryAfterMs: 2000 }],
  ])('reads %s', (_name, error, expected) => {
    expect(classifyTelegramError(error)).toEqual(expected);
  });
});

describe('TelegramSendQueue limits', () => {
  it('keeps one chat to one message per second, in order', async () => {
    const { clock, enqueue, delivered } = setup();
    const outcomes = [enqueue(1, 'a'), enqueue(1, 'b'), enqueue(1, 'c')];
    await clock.advance(5000);
    expect(delivered()).toEqual([['a', 0], ['b', 1000], ['c', 2000]]);
    expect(await Promise.all(outcomes)).toEqual([
      { ok: true, value: { text: 'a' } },
      { ok: true, value: { text: 'b' } },
      { ok: true, value: { text: 'c' } },
    ]);
  });

  it('keeps a group to 20 messages in any minute, by flag or by negative id', async () => {
    const { clock, enqueue, delivered } = setup();
    const outcomes: Array<Promise<Outcome>> = [];
    for (let i = 0; i < 25; i++) outcomes.push(enqueue(-100, `g${i}`), enqueue(555, `f${i}`, true));
    await clock.advance(120_000);
    await Promise.all(outcomes);
    const expected = [...Array.from({ length: 20 }, (_, i) => i * 1000), 60_000, 61_000, 62_000, 63_000, 64_000];
    expect(delivered(-100).map(([, at]) => at)).toEqual(expected);
    expect(delivered(555).map(([, at]) => at)).toEqual(expected);
  });

  it('keeps all chats together to the global cap per second', async () => {
    const { clock, enqueue, delivered } = setup();
    const outcomes = Array.from({ length: 40 }, (_, i) => enqueue(1000 + i, `m${i}`));
    await clock.advance(3000);
    await Promise.all(outcomes);
    const times = delivered().map(([, at]) => at);
    expect(times.filter((at) => at === 0)).toHaveLength(30);
    expect(times.filter((at) => at === 1000)).toHaveLength(10);
  });
});

describe('TelegramSendQueue failures', () => {
  it('waits exactly retry_after after a 429 and keeps the chat in order, while other chats go on', async () => {
    const { clock, enqueue, fail, delivered, attempts } = setup();
    fail('b', tooManyRequests(3));
    const outcomes = [enqueue(1, 'a'), enqueue(1, 'b'), enqueue(1, 'c'), enqueue(2, 'x'), enqueue(2, 'y')];
    await clock.advance(10_000);
    expect((await Promise.all(outcomes)).every((o) => o.ok)).toBe(true);
    expect(attempts.filter((a) => a.chatId === 1).map((a) => [a.text, a.at, a.ok])).toEqual([
      ['a', 0, true],
      ['b', 1000, false],
      ['b', 4000, true],
      ['c', 5000, true],
    ]);
    expect(delivered(2)).toEqual([['x', 0], ['y', 1000]]);
  });

  it('pauses every chat when two chats are rate-limited at once', async () => {
    const { clock, enqueue, fail, attempts } = setup();
    fail('a', tooManyRequests(10));
    fail('b', tooManyRequests(5));
    const outcomes = [enqueue(1, 'a'), enqueue(2, 'b'), enqueue(3, 'c1'), enqueue(3, 'c2')];
    await clock.advance(20_000);
    await Promise.all(outcomes);
    expect(attempts.filter((a) => a.ok).map((a) => [a.text, a.at])).toEqual([
      ['c1', 0],
      ['b', 5000],
      ['c2', 5000],
      ['a', 10_000],
    ]);
  });

  it('retries network errors and 5xx with capped exponential backoff, then sends', async () => {
    const { clock, enqueue, fail, attempts } = setup({ retry: { baseMs: 1000, maxMs: 3000 } });
    fail('a', serverError(), connectionRefused(), serverError(), serverError());
    const outcomes = [enqueue(1, 'a'), enqueue(1, 'b')];
    await clock.advance(30_000);
    expect((await Promise.all(outcomes)).every((o) => o.ok)).toBe(true);
    // Backoffs 1 s, 2 s, 3 s (capped), 3 s; 'b' never overtakes 'a'.
    expect(attempts.map((a) => [a.text, a.at, a.ok])).toEqual([
      ['a', 0, false],
      ['a', 1000, false],
      ['a', 3000, false],
      ['a', 6000, false],
      ['a', 9000, true],
      ['b', 10_000, true],
    ]);
  });

  it('jitters the backoff down to half of the exponential delay', async () => {
    const { clock, enqueue, fail, attempts } = setup({ random: () => 0, retry: { baseMs: 4000 } });
    fail('a', serverError(), serverError());
    const outcome = enqueue(1, 'a');
    await clock.advance(30_000);
    await outcome;
    expect(attempts.map((a) => a.at)).toEqual([0, 2000, 6000]);
  });

  it('gives up after maxAttempts failures and moves on to the next message', async () => {
    const { clock, enqueue, fail, delivered } = setup({ retry: { maxAttempts: 3 } });
    fail('a', serverError(), serverError(), serverError(), serverError());
    const [a, b] = [enqueue(1, 'a'), enqueue(1, 'b')];
    await clock.advance(30_000);
    const outcome = await a;
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(TelegramSendFailedError);
    expect(error).toMatchObject({ attempts: 3, verdict: { kind: 'transient' } });
    expect(await b).toMatchObject({ ok: true });
    expect(delivered()).toEqual([['b', 4000]]);
  });

  it('rejects a 400 at once without blocking the chat', async () => {
    const { clock, enqueue, fail, delivered, send } = setup();
    fail('bad', telegramError(400, "Bad Request: can't parse entities"));
    const [bad, good] = [enqueue(1, 'bad'), enqueue(1, 'good')];
    await clock.advance(2000);
    const outcome = await bad;
    expect(outcome.ok).toBe(false);
    expect((outcome as { error: unknown }).error).toMatchObject({ attempts: 1, verdict: { kind: 'permanent' } });
    expect(String((outcome as { error: unknown }).error)).toContain("can't parse entities");
    expect(await good).toMatchObject({ ok: true });
    expect(delivered()).toEqual([['good', 1000]]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('marks a chat that answers 403 as blocked, drops its queue, and keeps other chats flowing', async () => {
    const { clock, queue, enqueue, fail, delivered, blockedChats, send } = setup();
    fail('a', blocked());
    const mine = [enqueue(1, 'a'), enqueue(1, 'b'), enqueue(1, 'c')];
    const others = [enqueue(2, 'x'), enqueue(2, 'y'), enqueue(2, 'z')];
    await clock.advance(5000);
    for (const outcome of await Promise.all(mine)) {
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toBeInstanceOf(ChatBlockedError);
    }
    expect(blockedChats).toEqual([1]);
    expect((await Promise.all(others)).every((o) => o.ok)).toBe(true);
    expect(delivered(2)).toEqual([['x', 0], ['y', 1000], ['z', 2000]]);
    expect(queue.isChatBlocked(1)).toBe(true);

    const callsBefore = send.mock.calls.length;
    expect((await enqueue(1, 'later')).ok).toBe(false);
    expect(send).toHaveBeenCalledTimes(callsBefore);

    queue.unblockChat(1);
    const again = enqueue(1, 'welcome back');
    await clock.advance(1000);
    expect(await again).toMatchObject({ ok: true });
  });
});

describe('TelegramSendQueue stop', () => {
  it('stops draining, cuts waits short and rejects what was not sent', async () => {
    const { clock, queue, enqueue, delivered } = setup();
    const outcomes = [enqueue(1, 'a'), enqueue(1, 'b'), enqueue(1, 'c')];
    await clock.advance(0);
    expect(clock.pendingSleeps).toBe(1);

    await queue.stop();
    expect(clock.pendingSleeps).toBe(0);
    const [a, b, c] = await Promise.all(outcomes);
    expect(a).toMatchObject({ ok: true });
    expect((b as { error: unknown }).error).toBeInstanceOf(SendQueueStoppedError);
    expect((c as { error: unknown }).error).toBeInstanceOf(SendQueueStoppedError);
    expect((await enqueue(3, 'after stop')).ok).toBe(false);

    await clock.advance(10_000);
    expect(delivered()).toEqual([['a', 0]]);
  });

  it('aborts a send in flight and reports it as not sent', async () => {
    const clock = new VirtualClock(0);
    const queue = new TelegramSendQueue({
      clock,
      log: silentLogger(),
      send: (_job, signal) =>
        new Promise<never>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted by stop')), { once: true });
        }),
    });
    const inFlight = queue.enqueue({ chatId: 1, isGroup: false, kind: 'sendPhoto', payload: 'chart' });
    expect(queue.pendingCount).toBe(1);
    await queue.stop();
    await expect(inFlight).rejects.toBeInstanceOf(SendQueueStoppedError);
    expect(queue.pendingCount).toBe(0);
  });
});
