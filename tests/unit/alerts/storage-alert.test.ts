import { describe, expect, it } from 'vitest';
import { AlertDelivery } from '../../../src/alerts/delivery/alert-delivery.js';
import { AlertHistory } from '../../../src/alerts/delivery/alert-history.js';
import { AlertEngine } from '../../../src/alerts/engine/engine.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { SubscriptionRepository } from '../../../src/alerts/delivery/subscriptions.js';
import { configuredAlertChats } from '../../../src/alerts/delivery/targets.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { capturingLog, memoryStore, MINUTE, StubSender } from '../messaging/delivery-harness.js';

function rig(options: { direct: boolean }) {
  const clock = new VirtualClock();
  const store = memoryStore();
  const { log, messages } = capturingLog();
  const config = parseConfig({ chat: { telegram: { alertChatIds: [1001] } }, alerts: { groupWindowSeconds: 0 } }, {});
  const outbox = new OutboxRepository(store.db);
  const delivery = new AlertDelivery({
    outbox, subscriptions: new SubscriptionRepository(store.db), history: new AlertHistory(store, log),
    alertChats: configuredAlertChats(config), clock, log,
  });
  const sender = new StubSender(() => clock.now());
  if (options.direct) delivery.useDirectSender(sender);
  const engine = new AlertEngine({ config, clock, log, onNotification: (n) => delivery.deliver(n) });
  return { clock, store, engine, outbox, sender, messages };
}

describe('the storage alert', () => {
  it('fires critical at once on a failing write and resolves when writes work again', async () => {
    const { clock, engine, sender, outbox } = rig({ direct: true });
    engine.observeStorage({ since: clock.now(), error: 'the disk holding /data/axepilot.db is full' });
    expect(engine.firing().map((a) => [a.rule, a.miner, a.severity])).toEqual([['storage-failing', 'axepilot', 'critical']]);
    expect(outbox.counts().pending).toBe(1);
    await clock.advance(3 * MINUTE);
    engine.observeStorage(null);
    engine.tick();
    expect(engine.firing()).toEqual([]);
    expect(outbox.counts().pending).toBe(2);
    expect(sender.calls).toEqual([]);
  });

  it('goes to the alert chats directly when the outbox itself cannot be written', () => {
    const { clock, store, engine, sender, messages } = rig({ direct: true });
    // SQLite's own refusal to write, as a full or failing disk gives it.
    store.db.pragma('query_only = ON');
    engine.observeStorage({ since: clock.now(), error: 'the disk holding /data/axepilot.db is full' });
    expect(sender.calls.map((c) => [c.chatId, c.text])).toEqual([['1001', expect.stringMatching(/^🔴 axepilot: cannot save to the database: the disk .* is full/)]]);
    expect(messages()).toContain('cannot store an alert message; sending it directly, without the outbox');
    engine.tick();
    expect(sender.calls).toHaveLength(1);
  });

  it('without a direct sender waits for the outbox, sending nothing', () => {
    const { clock, store, engine, sender } = rig({ direct: false });
    store.db.pragma('query_only = ON');
    engine.observeStorage({ since: clock.now(), error: 'disk full' });
    engine.tick();
    expect(sender.calls).toEqual([]);
    expect(engine.firing()).toHaveLength(1);
  });
});
