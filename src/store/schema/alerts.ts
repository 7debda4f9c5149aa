/** Tables of the alert engine and its delivery (src/alerts/): alert state, mutes, the outbox. Migration 4. */
export const ALERTS_SCHEMA = `
  CREATE TABLE alert_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Every outgoing message is a row before it is a message: nothing is lost across restarts or chat outages.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX outbox_pending ON outbox (state, chat_id, id);

  CREATE TABLE chat_subscriptions (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    min_severity TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (platform, chat_id)
  ) WITHOUT ROWID;
`;
