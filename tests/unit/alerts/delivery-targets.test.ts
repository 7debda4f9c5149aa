import { afterEach, describe, expect, it } from 'vitest';
import { AlertDelivery } from '../../../src/alerts/delivery/alert-delivery.js';
import { AlertHistory } from '../../../src/alerts/delivery/alert-history.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { SubscriptionRepository } from '../../../src/alerts/delivery/subscriptions.js';
import { alertTargets, configuredAlertChats, deliverySeverity, digestTargets } from '../../../src/alerts/delivery/targets.js';
import { configSchema } from '../../../src/config/schema.js';
import { VirtualClock } from '../../../src/core/clock.js';
import type { Store } from '../../../src/store/store.js';
import { capturingLog, memoryStore, START } from '../messaging/delivery-harness.js';

const tg = (chatId: string) => ({ platform: 'telegram', chatId });

function notification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    id: 'nAbCdEfGhIjKlMnO', kind: 'firing', rule: 'chipTemp', severity: 'warning', miners: ['gamma'], alertIds: ['aGamma000001'],
    text: '🟠 gamma: chip 71.0 °C (warning ≥ 70 °C)', silent: false, actionable: false, createdAt: START, ...overrides,
  };
}

describe('who receives an alert', () => {
  const subscribers = [
    { ...tg('10'), minSeverity: 'info' as const },
    { ...tg('20'), minSeverity: 'warning' as const },
    { ...tg('30'), minSeverity: 'critical' as const },
  ];

  it('gives subscribers what meets their minimum, and the configured alert chats everything, each chat once', () => {
    const alertChats = [tg('20'), tg('99')];
    const ids = (n: Partial<AlertNotification>) => alertTargets(notification(n), { alertChats, subscribers }).map((t) => t.chatId);
    expect(ids({ severity: 'info', kind: 'firing' })).toEqual(['20', '99', '10']);
    expect(ids({ severity: 'warning' })).toEqual(['20', '99', '10']);
    expect(ids({ severity: 'critical' })).toEqual(['20', '99', '10', '30']);
    // A resolution goes where its alert went.
    expect(ids({ severity: 'critical', kind: 'resolved' })).toEqual(['20', '99', '10', '30']);
  });

  it('counts good news as information, except a block, which rings even "critical only" chats', () => {
    expect(deliverySeverity({ kind: 'news', rule: 'bestDifficulty', severity: 'info' })).toBe('info');
    expect(deliverySeverity({ kind: 'news', rule: 'blockFound', severity: 'critical' })).toBe('critical');
    const targets = alertTargets(notification({ kind: 'news', rule: 'blockFound', severity: 'critical' }), { alertChats: [], subscribers });
    expect(targets.map((t) => t.chatId)).toEqual(['10', '20', '30']);
  });

  it('reads the alert chats from chat.telegram.alertChatIds and sends the digest to them and every subscriber', () => {
    const config = configSchema.parse({ chat: { telegram: { alertChatIds: [123, '-1001'] } } });
    expect(configuredAlertChats(config)).toEqual([tg('123'), tg('-1001')]);
    expect(digestTargets({ alertChats: [tg('123')], subscribers: [tg('123'), tg('30')] })).toEqual([tg('123'), tg('30')]);
  });
});

describe('chat subscriptions', () => {
  let store: Store;
  afterEach(() => store.close());

  it('subscribes, changes the level, and unsubscribes', () => {
    store = memoryStore();
    const subs = new SubscriptionRepository(store.db);
    subs.subscribe({ ...tg('1'), minSeverity: 'warning', by: 'Anna', now: START });
    subs.subscribe({ ...tg('2'), minSeverity: 'info', by: 'Ben', now: START + 1 });
    expect(subs.subscribe({ ...tg('1'), minSeverity: 'critical', by: 'Anna', now: START + 2 })).toMatchObject({
      minSeverity: 'critical', active: true, createdAt: START, updatedAt: START + 2,
    });
    expect(subs.subscribe({ ...tg('1'), minSeverity: 'warning', by: 'Anna', now: START + 5 }).active).toBe(true);
    expect(subs.active().map((s) => s.chatId)).toEqual(['1', '2']);
    expect(subs.unsubscribe(tg('2'))).toBe(true);
    expect(subs.unsubscribe(tg('2'))).toBe(false);
    expect(subs.get(tg('2'))).toBeNull();
  });
});

describe('AlertDelivery: from the engine to the outbox', () => {
  let store: Store;
  afterEach(() => store.close());

  function delivery(alertChats = [tg('99')]) {
    store = memoryStore();
    const clock = new VirtualClock(START);
    const outbox = new OutboxRepository(store.db);
    const subscriptions = new SubscriptionRepository(store.db);
    const { log, messages } = capturingLog();
    const history = new AlertHistory(store, log);
    const d = new AlertDelivery({ outbox, subscriptions, history, alertChats, clock, log });
    return { d, outbox, subscriptions, store, messages, clock };
  }

  it('writes one row per target chat before anything is sent, and one alert event per miner', () => {
    const { d, outbox, subscriptions, store: s } = delivery();
    subscriptions.subscribe({ ...tg('20'), minSeverity: 'warning', by: 'Anna', now: START });
    subscriptions.subscribe({ ...tg('30'), minSeverity: 'critical', by: 'Ben', now: START });
    const gamma = s.miners.resolveMiner({ mac: 'AA:BB:CC:DD:EE:01', host: 'http://10.0.0.2', name: 'gamma', ts: START });
    d.deliver(notification({
      miners: ['beta', 'gamma'], alertIds: ['aBeta0000001', 'aGamma000001'],
      text: '🟠 chip temperature on 2 miners\n• beta: chip 70.5 °C (warning ≥ 70 °C)\n• gamma: chip 71.0 °C (warning ≥ 70 °C)',
    }));
    expect(outbox.waitingChats().map((c) => c.chatId)).toEqual(['99', '20']);
    expect(outbox.rowsOf(tg('20'))[0]).toMatchObject({ kind: 'firing', alertIds: ['aBeta0000001', 'aGamma000001'], state: 'pending' });
    const events = s.events.list({ limit: 10 });
    expect(events.map((e) => [e.kind, e.minerId, e.severity, e.message]).reverse()).toEqual([
      ['alert', null, 'warning', 'beta: chip 70.5 °C (warning ≥ 70 °C)'],
      ['alert', gamma.id, 'warning', 'gamma: chip 71.0 °C (warning ≥ 70 °C)'],
    ]);
  });

  it('stores a notification a chat already has only once (the engine may offer it again)', () => {
    const { d, outbox } = delivery();
    d.deliver(notification());
    d.deliver(notification());
    expect(outbox.rowsOf(tg('99'))).toHaveLength(1);
  });

  it('sends /alerttest to the asking chat alone', () => {
    const { d, outbox, subscriptions, clock } = delivery();
    subscriptions.subscribe({ ...tg('20'), minSeverity: 'info', by: 'Anna', now: START });
    const by = 'Anna';
    const test = notification({ id: 'nTest00000000000', kind: 'news', rule: 'test', severity: 'info', miners: [], alertIds: [], text: `🔔 Test alert from axepilot, asked for by ${by}. If you can read this, alerts reach this chat.`, createdAt: clock.now() });
    d.deliver(test, [tg('42')]);
    expect(outbox.waitingChats().map((c) => c.chatId)).toEqual(['42']);
    expect(outbox.rowsOf(tg('42'))[0]?.kind).toBe('test');
    expect(store.events.list({ limit: 1 })[0]?.message).toBe('Test alert from axepilot, asked for by Anna');
  });

  it('says once in the log when an alert reaches no chat at all', () => {
    const { d, messages } = delivery([]);
    d.deliver(notification());
    d.deliver(notification({ id: 'nOther0000000000' }));
    expect(messages().filter((m) => m.startsWith('an alert went to no chat'))).toHaveLength(1);
  });
});
