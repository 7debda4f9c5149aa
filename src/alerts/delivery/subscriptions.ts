import type { Statement } from 'better-sqlite3';
import type { Database } from '../../store/database.js';
import { guarded } from '../../store/errors.js';
import { storedThread, threadOf, type ChatTarget } from '../../messaging/chat-target.js';
import type { Severity } from '../types.js';

/** A chat (or a forum topic of a group) that asked for alerts with `/subscribe`. */
export interface ChatSubscription extends ChatTarget {
  minSeverity: Severity;
  /** False once the chat blocked the bot (or removed it from the group); `/subscribe` again turns it back on. */
  active: boolean;
  createdAt: number;
  updatedAt: number;
  subscribedBy: string | null;
}

interface SubscriptionDbRow {
  platform: string;
  chat_id: string;
  /** The forum topic; '' for the chat itself. */
  thread: string;
  min_severity: Severity;
  active: number;
  created_at: number;
  updated_at: number;
  subscribed_by: string | null;
}

function toSubscription(row: SubscriptionDbRow): ChatSubscription {
  return {
    platform: row.platform,
    chatId: row.chat_id,
    ...threadOf(row.thread),
    minSeverity: row.min_severity,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    subscribedBy: row.subscribed_by,
  };
}

export interface SubscribeInput extends ChatTarget {
  minSeverity: Severity;
  by: string;
  now: number;
}

/**
 * The `chat_subscriptions` table: one row per chat or topic. A chat that blocks the bot keeps its subscription: its
 * messages are held until it is reachable again (the dispatcher). Rows of older versions may still be inactive; a new
 * `/subscribe` makes them active again.
 */
export class SubscriptionRepository {
  private readonly upsert: Statement<[SubscriptionDbRow], SubscriptionDbRow>;
  private readonly remove: Statement<[string, string, string]>;
  private readonly moveStatement: Statement<[string, number, string, string]>;
  private readonly one: Statement<[string, string, string], SubscriptionDbRow>;
  private readonly allActive: Statement<[], SubscriptionDbRow>;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO chat_subscriptions (platform, chat_id, thread, min_severity, active, created_at, updated_at, subscribed_by)
      VALUES (@platform, @chat_id, @thread, @min_severity, @active, @created_at, @updated_at, @subscribed_by)
      ON CONFLICT (platform, chat_id, thread) DO UPDATE SET
        min_severity = excluded.min_severity, active = 1, updated_at = excluded.updated_at,
        subscribed_by = excluded.subscribed_by
      RETURNING *`);
    this.remove = db.prepare('DELETE FROM chat_subscriptions WHERE platform = ? AND chat_id = ? AND thread = ?');
    // OR REPLACE: a subscription the new id already had gives way to the one moving in.
    this.moveStatement = db.prepare(
      'UPDATE OR REPLACE chat_subscriptions SET chat_id = ?, updated_at = ? WHERE platform = ? AND chat_id = ?',
    );
    this.one = db.prepare('SELECT * FROM chat_subscriptions WHERE platform = ? AND chat_id = ? AND thread = ?');
    this.allActive = db.prepare('SELECT * FROM chat_subscriptions WHERE active = 1 ORDER BY created_at, platform, chat_id, thread');
  }

  /** Subscribes the chat, or changes its minimum (and makes it active again). */
  subscribe(input: SubscribeInput): ChatSubscription {
    const row = guarded(this.db, `subscribe chat ${input.chatId} to alerts`, () =>
      this.upsert.get({
        platform: input.platform,
        chat_id: input.chatId,
        thread: storedThread(input),
        min_severity: input.minSeverity,
        active: 1,
        created_at: input.now,
        updated_at: input.now,
        subscribed_by: input.by,
      }),
    );
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return toSubscription(row);
  }

  /** Whether the chat had a subscription. */
  unsubscribe(target: ChatTarget): boolean {
    return guarded(this.db, `unsubscribe chat ${target.chatId}`, () => this.remove.run(target.platform, target.chatId, storedThread(target))).changes > 0;
  }

  /** A Telegram group that became a supergroup has a new id (`migrate_to_chat_id`); its subscription follows. */
  move(target: ChatTarget, newChatId: string, now: number): boolean {
    const result = guarded(this.db, `move the subscription of chat ${target.chatId}`, () =>
      this.moveStatement.run(newChatId, now, target.platform, target.chatId),
    );
    return result.changes > 0;
  }

  get(target: ChatTarget): ChatSubscription | null {
    const row = guarded(this.db, 'read a chat subscription', () => this.one.get(target.platform, target.chatId, storedThread(target)));
    return row ? toSubscription(row) : null;
  }

  active(): ChatSubscription[] {
    return guarded(this.db, 'read chat subscriptions', () => this.allActive.all()).map(toSubscription);
  }
}
