/**
 * A Telegram group that becomes a supergroup (an admin turned on topics, or it grew) gets a new id, and the old one
 * is refused from then on with `migrate_to_chat_id`. The alert dispatcher moves subscriptions and waiting alerts by
 * itself, but an id written in the config (`chat.telegram.alertChatIds`) stays old until the owner changes it: the
 * admins are told once per old id, with the new one, in their private chats.
 */
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import { text } from '../reply.js';
import type { PreparedReply } from '../router.js';
import { classifyTelegramError } from './send-errors.js';
import { telegramUserIdOf } from '../identity.js';

export interface GroupMigrationsOptions {
  log: Logger;
  /** Configured admins (`telegram:123`); each is told in their private chat. */
  admins: () => readonly string[];
  tell: (chatId: string, reply: PreparedReply) => void;
}

export class GroupMigrations {
  private readonly reported = new Set<string>();

  constructor(private readonly options: GroupMigrationsOptions) {}

  /** Passes a Bot API call's outcome through, noticing a refusal that names the group's new id. */
  async watch(chatId: string | number, call: Promise<unknown>): Promise<unknown> {
    try {
      return await call;
    } catch (error) {
      const verdict = classifyTelegramError(error);
      if (verdict.kind === 'permanent' && verdict.migrateToChatId !== undefined) this.report(String(chatId), String(verdict.migrateToChatId));
      throw error;
    }
  }

  /** Reports that `from` is now `to`; only the first report of each old id reaches anyone. */
  report(from: string, to: string): void {
    if (this.reported.has(from)) return;
    this.reported.add(from);
    this.options.log.warn({ from, to }, 'a Telegram group moved to a new id; chat.telegram.alertChatIds needs the new one');
    const notice: PreparedReply = {
      blocks: [text(
        `The Telegram group ${from} became a supergroup; its new id is ${to}.\n` +
          `If ${from} is in chat.telegram.alertChatIds in axepilot's config, replace it with ${to}. ` +
          'Until then axepilot moves each alert over by itself.',
      )],
      buttons: [],
    };
    for (const key of this.options.admins()) {
      const userId = telegramUserIdOf(key);
      if (userId === null) continue;
      const admin = String(userId);
      try {
        this.options.tell(admin, notice);
      } catch (error) {
        this.options.log.warn({ admin, err: redactSecrets(errorMessage(error)) }, 'cannot tell an admin about the moved group');
      }
    }
  }
}
