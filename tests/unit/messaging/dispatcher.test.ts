import { afterEach, describe, expect, it } from 'vitest';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError } from '../../../src/messaging/errors.js';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '../../../src/messaging/dispatcher.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { SubscriptionRepository } from '../../../src/alerts/delivery/subscriptions.js';
import { VirtualClock } from '../../../src/core/clock.js';
import type { Store } from '../../../src/store/store.js';
import { capturingLog, DAY, HOUR, MINUTE, memoryStore, outboxRow, SECOND, START, StubSender, textMessage } from './delivery-harness.js';

const chat = (chatId: string) => ({ platform: 'telegram', chatId });

interface Setup {
  clock: VirtualClock;
  store: Store;
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  sender: StubSender;
  dispatcher: OutboxDispatcher;
  messages: () => string[];
  /** A second dispatcher on the same database: the process after a restart. */
  restart(): { dispatcher: OutboxDispatcher; sender: StubSender };
  /** Lets everything ready to run, run, without moving time. */
  settle(): Promise<void>;
}

const open: Array<{ dispatchers: OutboxDispatcher[]; store: Store }> = [];

function setup(options: Partial<OutboxDispatcherOptions> = {}): Setup {
  const clock = new VirtualClock(START);
  const store = memoryStore();
  const outbox = new OutboxRepository(store.db);
  const subscriptions = new SubscriptionRepository(store.db);
  const sender = new StubSender(() => clock.now());
  const { log, messages } = capturingLog();
  const make = (s: StubSender) => new OutboxDispatcher({
    outbox, sender: s, clock, log, random: () => 1, stopWaitMs: 5,
    onChatMoved: (from, to) => subscriptions.move(from, to.chatId, clock.now()),
    ...options,
  });
  const dispatcher = make(sender);
  const entry = { dispatchers: [dispatcher], store };
  open.push(entry);
  return {
    clock, store, outbox, subscriptions, sender, dispatcher, messages,
    restart: () => {
      const next = new StubSender(() => clock.now());
      const restarted = make(next);
      entry.dispatchers.push(restarted);
      return { dispatcher: restarted, sender: next };
    },
    settle: () => clock.advance(0),
  };
}

afterEach(async () => {
  for (const { dispatchers, store } of open.splice(0)) {
    for (const d of dispatchers) await d.stop();
    store.close();
  }
});

describe('the outbox dispatcher', () => {
  it("sends each chat's rows in order, one at a time, while other chats go on", async () => {
    const t = setup();
    let releaseFirst = (): void => undefined;
    const firstOnTheWire = new Promise<void>((resolve) => (releaseFirst = resolve));
    t.sender.behaviour = (call) => (call.text === 'A1' ? firstOnTheWire : undefined);
    t.outbox.add([outboxRow('1', 'A1'), outboxRow('1', 'A2'), outboxRow('2', 'B1'), outboxRow('1', 'A3'), outboxRow('2', 'B2')]);
    await t.dispatcher.start();
    await t.settle();
    // A2 waits for A1, which is still on the wire; chat 2 is not held up by it.
    expect(t.sender.calls.map((c) => c.text)).toEqual(['A1', 'B1', 'B2']);
    releaseFirst();
    await t.settle();
    expect(t.sender.textsTo('1')).toEqual(['A1', 'A2', 'A3']);
    expect(t.sender.textsTo('2')).toEqual(['B1', 'B2']);
    expect(t.outbox.counts()).toEqual({ pending: 0, sent: 5, dropped: 0, failed: 0 });
  });

  it('delivers a row added while idle at once, without waiting for its next look at the table', async () => {
    const t = setup();
    await t.dispatcher.start();
    await t.settle();
    t.outbox.add([outboxRow('1', 'now')]);
    await t.settle();
    expect(t.sender.delivered.map((c) => [c.text, c.at])).toEqual([['now', START]]);
  });

  it('retries with growing waits and loses nothing when the platform is down for an hour', async () => {
    const t = setup();
    let down = true;
    t.sender.behaviour = () => {
      if (down) throw new Error('502 Bad Gateway');
    };
    t.outbox.add([outboxRow('1', 'M1'), outboxRow('1', 'M2')]);
    await t.dispatcher.start();
    await t.settle();
    await t.clock.advance(HOUR);
    const attempts = t.sender.calls.filter((c) => c.text === 'M1').map((c) => c.at);
    const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? 0));
    expect(gaps.slice(0, 7)).toEqual([5, 10, 20, 40, 80, 160, 300].map((s) => s * SECOND));
    expect(new Set(gaps.slice(6))).toEqual(new Set([300 * SECOND]));
    expect(t.sender.calls.some((c) => c.text === 'M2')).toBe(false);

    down = false;
    await t.clock.advance(5 * MINUTE);
    expect(t.sender.textsTo('1')).toEqual(['M1', 'M2']);
    expect(t.outbox.counts()).toMatchObject({ pending: 0, sent: 2 });
    expect(t.outbox.rowsOf(chat('1'))[0]).toMatchObject({ attempts: attempts.length, lastError: null });
  });

  it('holds the rows of a chat that blocked the bot, keeps serving others, and delivers them once, in order, when the chat is back', async () => {
    const t = setup({ unreachableProbe: { baseMs: HOUR, maxMs: HOUR, jitter: 0 } });
    for (const id of ['1', '2']) t.subscriptions.subscribe({ ...chat(id), minSeverity: 'warning', by: 'owner', now: START });
    let blocked = true;
    t.sender.behaviour = (call) => {
      if (call.chatId === '1' && blocked) throw new ChatUnreachableError('Forbidden: bot was blocked by the user');
    };
    t.outbox.add([outboxRow('1', 'X1'), outboxRow('1', 'X2'), outboxRow('2', 'Y1')]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.outbox.rowsOf(chat('1')).map((r) => r.state)).toEqual(['pending', 'pending']);
    expect(t.subscriptions.get(chat('1'))?.active).toBe(true);
    expect(t.sender.textsTo('2')).toEqual(['Y1']);
    expect(t.messages()).toContain('chat does not accept messages: they are held until it is reachable again');

    // A probe an hour later finds it still blocked: said once, still held.
    await t.clock.advance(HOUR);
    expect(t.sender.calls.filter((c) => c.chatId === '1').map((c) => c.text)).toEqual(['X1', 'X1']);
    expect(t.messages().filter((m) => m.startsWith('chat does not accept messages'))).toHaveLength(1);

    // The user unblocks the bot and writes to it: the held rows go at once, not at the next probe.
    blocked = false;
    t.outbox.add([outboxRow('1', 'X3')]);
    t.dispatcher.chatReachable(chat('1'));
    await t.settle();
    expect(t.sender.textsTo('1')).toEqual(['X1', 'X2', 'X3']);
    expect(t.outbox.rowsOf(chat('1')).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('holds the rows of every topic of a group that removed the bot, and delivers them when the group is back', async () => {
    const t = setup({ unreachableProbe: { baseMs: HOUR, maxMs: HOUR, jitter: 0 } });
    let removed = true;
    t.sender.behaviour = () => {
      if (removed) throw new ChatUnreachableError('Forbidden: bot was kicked from the supergroup chat');
    };
    const topic = { ...chat('-100'), thread: '42' };
    t.outbox.add([outboxRow('-100', 'T1', { thread: '42' }), outboxRow('-100', 'G1')]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.outbox.rowsOf(topic).map((r) => r.state)).toEqual(['pending']);
    expect(t.messages().filter((m) => m.startsWith('chat does not accept messages'))).toHaveLength(1);

    // Someone adds the bot back and writes in General: the topic's rows go at once too, not at the next probe.
    removed = false;
    t.dispatcher.chatReachable(chat('-100'));
    await t.settle();
    expect(t.outbox.rowsOf(topic).map((r) => r.state)).toEqual(['sent']);
    expect(t.outbox.rowsOf(chat('-100')).map((r) => r.state)).toEqual(['sent']);
  });

  it('takes a held chat back at the next probe when nobody says it is back (a restart forgot the block)', async () => {
    const t = setup({ unreachableProbe: { baseMs: HOUR, maxMs: HOUR, jitter: 0 } });
    let blocked = true;
    t.sender.behaviour = (call) => {
      if (blocked) throw new ChatUnreachableError(`Forbidden: bot was kicked from chat ${call.chatId}`);
    };
    t.outbox.add([outboxRow('1', 'X1'), outboxRow('1', 'X2')]);
    await t.dispatcher.start();
    await t.settle();
    blocked = false;
    await t.clock.advance(HOUR - SECOND);
    expect(t.sender.textsTo('1')).toEqual([]);
    await t.clock.advance(SECOND);
    expect(t.sender.textsTo('1')).toEqual(['X1', 'X2']);
    expect(t.messages()).toContain('chat reachable again: its held messages are delivered');
  });

  it('merges a firing message still waiting with its resolution into one message, without buttons', async () => {
    const t = setup();
    const buttons = [[{ label: 'Acknowledge', id: 'c:ack a1' }]];
    t.outbox.add([
      outboxRow('1', '🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)', { alertIds: ['a1'], message: textMessage('🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)', buttons) }),
      outboxRow('1', '🟢 gamma: chip temperature back to 60.0 °C after 2 min', { alertIds: ['a1'], kind: 'resolved', silent: true }),
    ]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.sender.calls).toHaveLength(1);
    expect(t.sender.calls[0]).toMatchObject({
      text: '🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)\n🟢 gamma: chip temperature back to 60.0 °C after 2 min',
      silent: false,
      buttons: [],
    });
    expect(t.outbox.rowsOf(chat('1')).map((r) => r.state)).toEqual(['sent', 'sent']);
  });

  it('never lets a merged row overtake an earlier row about one of its alerts', async () => {
    const t = setup();
    t.outbox.add([
      outboxRow('1', 'fire a1', { alertIds: ['a1'] }),
      outboxRow('1', 'fire a2', { alertIds: ['a2'] }),
      outboxRow('1', 'resolved a1 a2', { alertIds: ['a1', 'a2'], kind: 'resolved' }),
      outboxRow('1', 'fire a3', { alertIds: ['a3'] }),
      outboxRow('1', 'reminder a1?', { alertIds: ['a1'], kind: 'reminder' }),
    ]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.sender.textsTo('1')).toEqual(['fire a1', 'fire a2\nresolved a1 a2\nreminder a1?', 'fire a3']);
  });

  it('resumes from the table after a restart and sends nothing twice', async () => {
    const t = setup();
    let failOnStop = (_error: Error): void => undefined;
    t.sender.behaviour = (call) =>
      call.text === 'R2' ? new Promise<void>((_resolve, reject) => (failOnStop = reject)) : undefined;
    t.outbox.add([outboxRow('1', 'R1'), outboxRow('1', 'R2'), outboxRow('1', 'R3')]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.sender.calls.map((c) => c.text)).toEqual(['R1', 'R2']);
    // Stopping while R2 is on the wire: the platform's own queue then gives it up as not sent.
    await t.dispatcher.stop();
    failOnStop(new Error('the send queue stopped'));
    await t.dispatcher.settled();
    expect(t.outbox.rowsOf(chat('1')).map((r) => [r.state, r.attempts])).toEqual([['sent', 0], ['pending', 0], ['pending', 0]]);

    const next = t.restart();
    await next.dispatcher.start();
    await t.settle();
    expect(t.sender.textsTo('1')).toEqual(['R1']);
    expect(next.sender.textsTo('1')).toEqual(['R2', 'R3']);
    expect(t.outbox.counts()).toMatchObject({ pending: 0, sent: 3 });
  });

  it('marks a message the platform refuses as failed and goes on with the next', async () => {
    const t = setup();
    t.sender.behaviour = (call) => {
      if (call.text === 'bad') throw new MessageRefusedError('Bad Request: message is too long');
    };
    t.outbox.add([outboxRow('1', 'bad'), outboxRow('1', 'good')]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.outbox.rowsOf(chat('1')).map((r) => [r.state, r.lastError])).toEqual([
      ['failed', 'Bad Request: message is too long'],
      ['sent', null],
    ]);
  });

  it('follows a group to its new id, with its subscription and waiting rows', async () => {
    const t = setup();
    t.subscriptions.subscribe({ ...chat('-100'), minSeverity: 'info', by: 'owner', now: START });
    t.sender.behaviour = (call) => {
      if (call.chatId === '-100') throw new MessageRefusedError('Bad Request: group chat was upgraded to a supergroup chat', { movedToChatId: '-1009' });
    };
    t.outbox.add([outboxRow('-100', 'G1'), outboxRow('-100', 'G2')]);
    await t.dispatcher.start();
    await t.settle();
    expect(t.sender.textsTo('-1009')).toEqual(['G1', 'G2']);
    expect(t.subscriptions.get(chat('-1009'))?.minSeverity).toBe('info');
    expect(t.subscriptions.get(chat('-100'))).toBeNull();
  });

  it('lets messages wait while the platform is off, says why once, and delivers when it is back', async () => {
    const t = setup({ unavailableRetryMs: MINUTE });
    let off = true;
    t.sender.behaviour = () => {
      if (off) throw new PlatformUnavailableError('Telegram is off: no bot token is configured');
    };
    t.outbox.add([outboxRow('1', 'W1'), outboxRow('2', 'W2')]);
    await t.dispatcher.start();
    await t.clock.advance(10 * MINUTE);
    expect(t.outbox.counts().pending).toBe(2);
    expect(t.messages().filter((m) => m.includes('the chat platform is not available'))).toHaveLength(1);
    // A minute between looks, not a retry storm.
    expect(t.sender.calls.length).toBeLessThanOrEqual(2 * 11);
    off = false;
    await t.clock.advance(MINUTE);
    expect([...t.sender.textsTo('1'), ...t.sender.textsTo('2')]).toEqual(['W1', 'W2']);
    expect(t.messages()).toContain('alert messages are delivered again');
  });

  it('stops reading the rows of a platform that turned itself off: it is off until a restart', async () => {
    const t = setup({ unavailableRetryMs: MINUTE });
    t.sender.behaviour = () => {
      throw new PlatformUnavailableError('ntfy answered 401 (check notify.ntfy)', { turnedOff: true });
    };
    t.outbox.add([outboxRow('1', 'W1')]);
    await t.dispatcher.start();
    await t.clock.advance(10 * MINUTE);
    expect(t.sender.calls).toHaveLength(1);
    expect(t.outbox.counts().pending).toBe(1);
  });

  it('prunes finished rows after a week and keeps waiting ones', async () => {
    const t = setup();
    t.sender.hold();
    t.outbox.add([outboxRow('1', 'old sent', { createdAt: START - 8 * DAY }), outboxRow('2', 'old waiting', { createdAt: START - 8 * DAY })]);
    const [oldSent] = t.outbox.rowsOf(chat('1'));
    t.outbox.markSent([oldSent?.id ?? -1], START - 8 * DAY);
    await t.dispatcher.start();
    await t.settle();
    expect(t.outbox.rowsOf(chat('1'))).toEqual([]);
    expect(t.outbox.rowsOf(chat('2')).map((r) => r.state)).toEqual(['pending']);
    t.sender.release();
    await t.clock.advance(HOUR);
    expect(t.sender.textsTo('2')).toEqual(['old waiting']);
    expect(t.outbox.rowsOf(chat('2'))).toEqual([]);
  });
});
