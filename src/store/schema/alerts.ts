/** Tables of the alert engine and its delivery (src/alerts/): alert state, mutes, the outbox. Migration 4. */
export const ALERTS_SCHEMA = `
  -- What the alert engine must not forget across a restart: announced alerts (alert:<id>), mutes (mutes), and each
  -- miner's records (miner:<name>). JSON values; a handful of rows, rewritten only when an alert changes course.
  CREATE TABLE alert_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Every outgoing message is a row before it is a message: nothing is lost across restarts or chat outages.
  -- One row per target chat; a chat's rows leave in id order. alert_ids ('+'-joined) lets a firing message still
  -- waiting be merged with its resolution, and a button name a whole group by its notification_id.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    notification_id TEXT,
    alert_ids TEXT NOT NULL DEFAULT '',
    silent INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dropped', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX outbox_pending ON outbox (state, platform, chat_id, id);
  CREATE UNIQUE INDEX outbox_once_per_chat ON outbox (notification_id, platform, chat_id);
  CREATE INDEX outbox_finished ON outbox (created_at) WHERE state <> 'pending';

  -- Chats that asked for alerts with /subscribe; a chat that blocks the bot becomes inactive.
  CREATE TABLE chat_subscriptions (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    min_severity TEXT NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    subscribed_by TEXT,
    PRIMARY KEY (platform, chat_id)
  ) WITHOUT ROWID;
`;

/**
 * Forum topics (Telegram's `message_thread_id`): an outbox row and a subscription keep the topic of their chat, so an
 * alert subscribed to from a topic arrives in that topic and not in the group's General. '' is the chat itself (no
 * topic): a key column, compared with `=`, where NULL would make every topic-less row unique. A subscription is per
 * topic, as `/subscribe` and `/unsubscribe` are sent in one.
 */
export const ALERTS_THREAD_SCHEMA = `
  ALTER TABLE outbox ADD COLUMN thread TEXT NOT NULL DEFAULT '';
  DROP INDEX outbox_pending;
  CREATE INDEX outbox_pending ON outbox (state, platform, chat_id, thread, id);
  DROP INDEX outbox_once_per_chat;
  CREATE UNIQUE INDEX outbox_once_per_chat ON outbox (notification_id, platform, chat_id, thread);

  CREATE TABLE chat_subscriptions_by_thread (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    thread TEXT NOT NULL DEFAULT '',
    min_severity TEXT NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    subscribed_by TEXT,
    PRIMARY KEY (platform, chat_id, thread)
  ) WITHOUT ROWID;
  INSERT INTO chat_subscriptions_by_thread (platform, chat_id, min_severity, active, created_at, updated_at, subscribed_by)
    SELECT platform, chat_id, min_severity, active, created_at, updated_at, subscribed_by FROM chat_subscriptions;
  DROP TABLE chat_subscriptions;
  ALTER TABLE chat_subscriptions_by_thread RENAME TO chat_subscriptions;
`;
