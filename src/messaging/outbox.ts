import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import { storedThread, threadOf, type ChatTarget } from './chat-target.js';
import type { Message } from './message.js';
import { decodeMessage, encodeMessage } from './message-codec.js';

/**
 * How a row's alert ids are stored: joined by `+`, the way alerts join the ids of a grouped notification, so the string
 * reads the same in both places. The outbox knows no more of alerts than these ids, to merge rows about the same ones.
 */
const IDS_SEPARATOR = '+';
const splitIds = (joined: string): string[] => joined.split(IDS_SEPARATOR).filter((id) => id.length > 0);

/** pending: not yet out; sent; dropped: no longer wanted (a chat that moved); failed: refused for good by the platform. */
export type OutboxState = 'pending' | 'sent' | 'dropped' | 'failed';

/** What a row carries, in its sender's words: an alert notification's kind (`firing`, `resolved` …), `test`, `digest`. */
export type OutboxKind = string;

export interface NewOutboxRow extends ChatTarget {
  kind: OutboxKind;
  /** The notification behind it; a chat gets one row per notification at most. */
  notificationId: string | null;
  alertIds: readonly string[];
  silent: boolean;
  message: Message;
  createdAt: number;
}

export interface OutboxRow extends NewOutboxRow {
  id: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  sentAt: number | null;
  lastError: string | null;
}

/** A chat with messages waiting, and when its oldest one may be tried. */
export interface WaitingChat extends ChatTarget {
  nextAttemptAt: number;
}

interface OutboxDbRow {
  id: number;
  created_at: number;
  platform: string;
  chat_id: string;
  /** The forum topic; '' for the chat itself. */
  thread: string;
  kind: string;
  notification_id: string | null;
  alert_ids: string;
  silent: number;
  payload: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}

function toRow(row: OutboxDbRow): OutboxRow {
  return {
    id: row.id,
    createdAt: row.created_at,
    platform: row.platform,
    chatId: row.chat_id,
    ...threadOf(row.thread),
    kind: row.kind,
    notificationId: row.notification_id,
    alertIds: splitIds(row.alert_ids),
    silent: row.silent === 1,
    message: decodeMessage(row.payload),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    lastError: row.last_error,
  };
}

/** Error texts end up in a table the owner may read; a stack trace or a whole HTML page has no place there. */
function shortError(text: string): string {
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/**
 * The `outbox` table: every alert message is a row before it is a message. Rows of one chat leave in id order; the
 * dispatcher marks them sent, retries, or drops them. Listeners hear of new rows, so delivery starts at once.
 */
export class OutboxRepository {
  private readonly listeners = new Set<() => void>();
  private readonly insert: Statement<[Omit<OutboxDbRow, 'id' | 'state' | 'attempts' | 'next_attempt_at' | 'sent_at' | 'last_error'>]>;
  private readonly waiting: Statement<[], { platform: string; chat_id: string; thread: string; next_attempt_at: number }>;
  private readonly pendingOfChat: Statement<[string, string, string, number], OutboxDbRow>;
  private readonly setSent: Statement<[number, number]>;
  private readonly setFailed: Statement<[number, string, number]>;
  private readonly setDeferred: Statement<[number, number, string, number]>;
  private readonly dropStatement: Statement<[string, string, string]>;
  private readonly moveStatement: Statement<[string, string, string]>;
  private readonly dueNow: Statement<[string, string]>;
  private readonly byNotification: Statement<[string], { alert_ids: string }>;
  private readonly pruneStatement: Statement<[number]>;
  private readonly ofChat: Statement<[string, string, string], OutboxDbRow>;
  private readonly stateCounts: Statement<[], { state: OutboxState; count: number }>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`
      INSERT OR IGNORE INTO outbox (created_at, platform, chat_id, thread, kind, notification_id, alert_ids, silent, payload)
      VALUES (@created_at, @platform, @chat_id, @thread, @kind, @notification_id, @alert_ids, @silent, @payload)`);
    this.waiting = db.prepare(`
      SELECT o.platform, o.chat_id, o.thread, o.next_attempt_at FROM outbox o
      JOIN (SELECT MIN(id) AS id FROM outbox WHERE state = 'pending' GROUP BY platform, chat_id, thread) head ON o.id = head.id
      ORDER BY o.id`);
    this.pendingOfChat = db.prepare(
      "SELECT * FROM outbox WHERE state = 'pending' AND platform = ? AND chat_id = ? AND thread = ? ORDER BY id LIMIT ?",
    );
    this.setSent = db.prepare("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'");
    this.setFailed = db.prepare("UPDATE outbox SET state = 'failed', sent_at = ?, last_error = ? WHERE id = ? AND state = 'pending'");
    this.setDeferred = db.prepare(
      "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
    );
    this.dropStatement = db.prepare(
      "UPDATE outbox SET state = 'dropped', last_error = ? WHERE state = 'pending' AND platform = ? AND chat_id = ?",
    );
    this.moveStatement = db.prepare("UPDATE OR IGNORE outbox SET chat_id = ? WHERE state = 'pending' AND platform = ? AND chat_id = ?");
    this.dueNow = db.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending' AND platform = ? AND chat_id = ?");
    this.byNotification = db.prepare('SELECT alert_ids FROM outbox WHERE notification_id = ? LIMIT 1');
    this.pruneStatement = db.prepare("DELETE FROM outbox WHERE state <> 'pending' AND created_at < ?");
    this.ofChat = db.prepare('SELECT * FROM outbox WHERE platform = ? AND chat_id = ? AND thread = ? ORDER BY id');
    this.stateCounts = db.prepare('SELECT state, COUNT(*) AS count FROM outbox GROUP BY state');
  }

  /** Tells `listener` whenever rows were added; returns the function that stops it. */
  onAdded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stores the rows in one transaction: all or none, so the engine's retry never leaves a message in half its chats.
   * A notification a chat already has is skipped. Returns how many rows were new.
   */
  add(rows: readonly NewOutboxRow[]): number {
    if (rows.length === 0) return 0;
    const insertAll = this.db.transaction((all: readonly NewOutboxRow[]) => {
      let added = 0;
      for (const row of all) {
        added += this.insert.run({
          created_at: Math.round(row.createdAt),
          platform: row.platform,
          chat_id: row.chatId,
          thread: storedThread(row),
          kind: row.kind,
          notification_id: row.notificationId,
          alert_ids: row.alertIds.join(IDS_SEPARATOR),
          silent: row.silent ? 1 : 0,
          payload: encodeMessage(row.message),
        }).changes;
      }
      return added;
    });
    const added = guarded(this.db, 'queue alert messages', () => insertAll.immediate(rows));
    if (added > 0) for (const listener of [...this.listeners]) listener();
    return added;
  }

  /** Every chat with pending rows, oldest first, with when its head row may be tried. */
  waitingChats(): WaitingChat[] {
    const rows = guarded(this.db, 'read the outbox', () => this.waiting.all());
    return rows.map((r) => ({ platform: r.platform, chatId: r.chat_id, ...threadOf(r.thread), nextAttemptAt: r.next_attempt_at }));
  }

  /** A chat's (or one of its topics') pending rows in the order they must leave. */
  pending(target: ChatTarget, limit = 50): OutboxRow[] {
    return guarded(this.db, 'read the outbox', () => this.pendingOfChat.all(target.platform, target.chatId, storedThread(target), limit)).map(toRow);
  }

  markSent(ids: readonly number[], at: number): void {
    this.inTransaction('mark alert messages sent', () => {
      for (const id of ids) this.setSent.run(Math.round(at), id);
    });
  }

  markFailed(ids: readonly number[], at: number, error: string): void {
    this.inTransaction('mark alert messages failed', () => {
      for (const id of ids) this.setFailed.run(Math.round(at), shortError(error), id);
    });
  }

  /** One more failed attempt: the row waits until `nextAttemptAt`. */
  defer(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    guarded(this.db, 'reschedule an alert message', () => this.setDeferred.run(attempts, Math.round(nextAttemptAt), shortError(error), id));
  }

  /** The chat cannot receive anything: its pending rows, in every topic, are dropped. Returns how many. */
  dropChat(target: ChatTarget, reason: string): number {
    const result = guarded(this.db, 'drop alert messages', () => this.dropStatement.run(shortError(reason), target.platform, target.chatId));
    return result.changes;
  }

  /** The chat has a new id (a group upgraded to a supergroup): its pending rows, in every topic, follow it. */
  moveChat(target: ChatTarget, newChatId: string): number {
    return guarded(this.db, 'move alert messages', () => this.moveStatement.run(newChatId, target.platform, target.chatId)).changes;
  }

  /** The chat's held rows, in every topic, are due now (the chat is reachable again). Returns how many wait. */
  retryNow(target: ChatTarget): number {
    return guarded(this.db, 'reschedule messages', () => this.dueNow.run(target.platform, target.chatId)).changes;
  }

  /** The alerts a notification was about (a grouped message's buttons name it by id); null when unknown or pruned. */
  alertIdsOf(notificationId: string): string[] | null {
    const row = guarded(this.db, 'read the outbox', () => this.byNotification.get(notificationId));
    return row ? splitIds(row.alert_ids) : null;
  }

  /** Forgets finished rows created before `before`; pending rows stay whatever their age. */
  prune(before: number): number {
    return guarded(this.db, 'prune the outbox', () => this.pruneStatement.run(Math.round(before))).changes;
  }

  /** Every row of one chat (or topic), oldest first (tests, diagnostics). */
  rowsOf(target: ChatTarget): OutboxRow[] {
    return guarded(this.db, 'read the outbox', () => this.ofChat.all(target.platform, target.chatId, storedThread(target))).map(toRow);
  }

  counts(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, sent: 0, dropped: 0, failed: 0 };
    for (const row of guarded(this.db, 'count outbox rows', () => this.stateCounts.all())) counts[row.state] = row.count;
    return counts;
  }

  private inTransaction(action: string, work: () => void): void {
    guarded(this.db, action, () => this.db.transaction(work).immediate());
  }
}
