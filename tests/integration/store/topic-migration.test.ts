import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionRepository } from '../../../src/alerts/delivery/subscriptions.js';
import { textMessage } from '../../../src/messaging/message.js';
import { encodeMessage } from '../../../src/messaging/message-codec.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { openDatabase } from '../../../src/store/database.js';
import { MIGRATIONS, migrate } from '../../../src/store/migrations.js';
import { makeTempDir, T0 } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

const GROUP = { platform: 'telegram', chatId: '-1001000000555' };
const TOPIC = { ...GROUP, thread: '42' };

describe('forum topics in the database', () => {
  it('keeps the subscriptions and waiting messages of a database from before topics, as the chat itself', () => {
    const path = join(temp.dir, 'axepilot.db');
    const old = openDatabase({ path });
    const topics = MIGRATIONS.findIndex((m) => m.description.includes('forum topic'));
    expect(topics).toBeGreaterThan(0);
    migrate(old, { migrations: MIGRATIONS.slice(0, topics) });
    old.prepare("INSERT INTO chat_subscriptions (platform, chat_id, min_severity, created_at, updated_at) VALUES ('telegram', ?, 'critical', ?, ?)")
      .run(GROUP.chatId, T0, T0);
    old.prepare("INSERT INTO outbox (created_at, platform, chat_id, kind, payload) VALUES (?, 'telegram', ?, 'firing', ?)")
      .run(T0, GROUP.chatId, encodeMessage(textMessage('gamma is hot')));
    old.close();

    const db = openDatabase({ path });
    try {
      migrate(db);
      expect(new SubscriptionRepository(db).get(GROUP)).toMatchObject({ ...GROUP, minSeverity: 'critical', active: true });
      const [row] = new OutboxRepository(db).pending(GROUP);
      expect(row).toMatchObject({ ...GROUP, kind: 'firing' });
      expect(row && 'thread' in row).toBe(false);
    } finally {
      db.close();
    }
  });

  it('tells a topic from its group: each its own subscription and its own waiting messages, across a reopen', () => {
    const path = join(temp.dir, 'axepilot.db');
    const db = openDatabase({ path });
    migrate(db);
    const subscriptions = new SubscriptionRepository(db);
    subscriptions.subscribe({ ...TOPIC, minSeverity: 'info', by: 'Ben', now: T0 });
    subscriptions.subscribe({ ...GROUP, minSeverity: 'critical', by: 'Anna', now: T0 });
    const row = { kind: 'firing', notificationId: 'n1', alertIds: ['a1'], silent: false, message: textMessage('gamma is hot'), createdAt: T0 };
    // One notification reaches the group and its topic once each.
    expect(new OutboxRepository(db).add([{ ...TOPIC, ...row }, { ...GROUP, ...row }, { ...TOPIC, ...row }])).toBe(2);
    db.close();

    const reopened = openDatabase({ path });
    try {
      migrate(reopened);
      const again = new SubscriptionRepository(reopened);
      expect(again.active().map((s) => [s.thread, s.minSeverity])).toEqual([[undefined, 'critical'], ['42', 'info']]);
      const outbox = new OutboxRepository(reopened);
      expect(outbox.waitingChats().map(({ platform, chatId, thread }) => ({ platform, chatId, thread }))).toEqual([
        TOPIC, { ...GROUP, thread: undefined },
      ]);
      expect(outbox.pending(TOPIC).map((r) => r.thread)).toEqual(['42']);
      expect(again.unsubscribe(TOPIC)).toBe(true);
      expect(again.get(GROUP)).toMatchObject({ minSeverity: 'critical' });
    } finally {
      reopened.close();
    }
  });
});
