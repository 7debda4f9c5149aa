/**
 * Notification channels as alert subscribers: each gets what meets its own minimum, rings or stays silent by its own
 * quiet hours (critical always rings), gets the digest, and drops out once it turned itself off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDelivery } from '../../../src/alerts/delivery/alert-delivery.js';
import { AlertHistory } from '../../../src/alerts/delivery/alert-history.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { SubscriptionRepository } from '../../../src/alerts/delivery/subscriptions.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { notificationChannels } from '../../../src/messaging/channels/index.js';
import { textMessage } from '../../../src/messaging/message.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import type { Store } from '../../../src/store/store.js';
import { memoryStore } from './delivery-harness.js';

const NIGHT = Date.UTC(2026, 11, 2, 3, 0);
const NOON = Date.UTC(2026, 11, 2, 12, 0);

function notification(severity: AlertNotification['severity'], id: string): AlertNotification {
  return {
    id, kind: 'firing', rule: 'chipTemp', severity, miners: ['gamma'], alertIds: [`a${id}`], text: `gamma ${severity}`,
    silent: false, actionable: false, createdAt: NIGHT,
  };
}

let store: Store;
afterEach(() => store.close());

function rig(now: number) {
  store = memoryStore();
  const clock = new VirtualClock(now);
  const config = parseConfig({
    timezone: 'UTC',
    notify: {
      ntfy: { enabled: true, topic: 'miners', minSeverity: 'warning', quietHours: { from: '22:00', to: '07:00' } },
      webhook: { enabled: true, url: 'http://127.0.0.1:9/hook', minSeverity: 'info' },
      email: { enabled: true, host: '127.0.0.1', from: 'a@example.org', to: ['b@example.org'], minSeverity: 'critical' },
    },
  }, {});
  const platforms = new ChatPlatforms();
  const channels = notificationChannels(config.notify, { clock, log: silentLogger() });
  for (const channel of channels) platforms.register(channel);
  const outbox = new OutboxRepository(store.db);
  const delivery = new AlertDelivery({
    outbox, subscriptions: new SubscriptionRepository(store.db), history: new AlertHistory(store, silentLogger()), alertChats: [],
    standing: () => platforms.standingSubscriptions(), timeZone: config.timezone, clock, log: silentLogger(),
  });
  const rows = (id: string) => outbox.rowsOf({ platform: 'ntfy', chatId: 'owner' })
    .concat(outbox.rowsOf({ platform: 'webhook', chatId: 'owner' }), outbox.rowsOf({ platform: 'email', chatId: 'owner' }))
    .filter((row) => row.notificationId === id)
    .map((row) => `${row.platform}${row.silent ? ' (silent)' : ''}`);
  return { delivery, rows };
}

describe('notification channels as alert subscribers', () => {
  it('each gets what meets its minimum, silent in its own quiet hours unless critical', () => {
    const { delivery, rows } = rig(NIGHT);
    delivery.deliver(notification('info', 'n1'));
    delivery.deliver(notification('warning', 'n2'));
    delivery.deliver(notification('critical', 'n3'));
    expect(rows('n1')).toEqual(['webhook']);
    expect(rows('n2')).toEqual(['ntfy (silent)', 'webhook']);
    expect(rows('n3')).toEqual(['ntfy', 'webhook', 'email']);
  });

  it('rings outside quiet hours, and every channel gets the digest', () => {
    const { delivery, rows } = rig(NOON);
    delivery.deliver(notification('warning', 'n4'));
    expect(rows('n4')).toEqual(['ntfy', 'webhook']);
    expect(delivery.queueMessage({ kind: 'digest', id: 'digest:1', message: textMessage('Daily digest') })).toBe(3);
  });
});
