/**
 * A button pressed in Telegram (a callback query): answered at once so the spinner stops, then the router's reply
 * edits the message the button was on (a chart's range, a stamped alert) or arrives as a new one. The adapter hands
 * each press here and keeps the chats, the queue and the polling.
 */
import type { CallbackQuery } from 'telegraf/types';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import { settlesWithin } from '../../core/settles-within.js';
import type { ChatUser } from '../identity.js';
import type { ButtonOutcome, CommandRouter, PreparedReply } from '../router.js';
import type { DeliveryTarget, EditableKind } from './delivery.js';
import { stampedAlert } from './stamp.js';
import { chatUserOf } from './updates.js';

/** Telegram shows a spinner until a press is answered and refuses answers after ~15 s ("query is too old"). */
const ANSWER_PRESS_WITHIN_MS = 1_000;
const CALLBACK_NOTICE_LIMIT = 200;

/** What handling a press needs of the adapter. */
export interface PressContext {
  router: CommandRouter;
  log: Logger;
  /** How long a press may run before it is answered without waiting for its notice (1 s). */
  answerPressWithinMs?: number;
  /** Telegram's answerCallbackQuery. */
  answerCallback(queryId: string, text: string | undefined): Promise<unknown>;
  /** Runs `work` after the chat's earlier work, inside an error boundary. */
  inChat(user: ChatUser, work: () => Promise<void>): void;
  /** Sends the reply (with `send`, if given, instead of a new message), explaining one Telegram refuses. */
  deliver(target: DeliveryTarget, reply: PreparedReply, send?: () => Promise<void>): Promise<void>;
  /** Replaces the message `messageId` with the reply. */
  edit(target: DeliveryTarget, messageId: number, kind: EditableKind, reply: PreparedReply): Promise<void>;
  /** Keeps the work in flight until it ends, logging a failure. */
  track(work: Promise<void>): void;
}

export class TelegramPresses {
  constructor(private readonly context: PressContext) {}

  onPress(query: CallbackQuery): void {
    const user = chatUserOf(query.from, query.message?.chat, query.message && 'message_thread_id' in query.message ? query.message : undefined);
    if (!('data' in query) || !query.data) {
      this.context.track(this.answer(query.id, null));
      return;
    }
    this.context.track(this.handle(query, query.data, user));
  }

  /**
   * Answers the press at once with the router's notice when the router is quick (it is, for refusals and stale
   * buttons), else answers without one after a second and lets the work finish; then edits or sends the reply.
   */
  private async handle(query: CallbackQuery, data: string, user: ChatUser): Promise<void> {
    const pressed = this.context.router.pressButton(user, data);
    const quick = await settlesWithin(pressed, this.context.answerPressWithinMs ?? ANSWER_PRESS_WITHIN_MS);
    if (!quick) await this.answer(query.id, null);
    let outcome: ButtonOutcome;
    try {
      outcome = await pressed;
    } catch (error) {
      if (quick) await this.answer(query.id, null);
      throw error;
    }
    const message = query.message;
    // Acknowledge and Snooze under an alert: the alert itself says who did it, and the reply is only a notice.
    const stamped = outcome.reply?.stamp && message && carriesButton(message, data) ? stampedAlert(message, outcome.reply) : null;
    const notice = outcome.notice ?? (stamped ? stamped.notice : null);
    if (quick) await this.answer(query.id, notice);
    const lateNotice = quick ? null : outcome.notice;
    const reply = stamped?.edit ?? outcome.reply ?? (lateNotice ? { blocks: [{ kind: 'text' as const, text: lateNotice, style: 'plain' as const }], buttons: [] } : null);
    if (!reply) return;
    const target = targetOf(message?.chat.id ?? query.from.id, user);
    this.context.inChat(user, async () => {
      // Only a button of the message itself may rewrite it: replayed data (even signed) against another message, an
      // alert's for one, gets a new message instead.
      const edit = (stamped !== null || outcome.edit) && message && carriesButton(message, data) ? message : null;
      await this.context.deliver(target, reply, edit ? () => this.context.edit(target, edit.message_id, editableKindOf(edit), reply) : undefined);
    });
  }

  private async answer(queryId: string, notice: string | null): Promise<void> {
    const text = notice && notice.length > CALLBACK_NOTICE_LIMIT ? `${notice.slice(0, CALLBACK_NOTICE_LIMIT - 1)}…` : notice;
    try {
      await this.context.answerCallback(queryId, text ?? undefined);
    } catch (error) {
      this.context.log.warn({ err: redactSecrets(errorMessage(error)) }, 'cannot answer a Telegram button press');
    }
  }
}

/** Where a reply to this chat goes: the chat, and its forum topic when the user wrote in one. */
export function targetOf(chatId: number, user: ChatUser): DeliveryTarget {
  return { chatId, isGroup: user.isGroup, ...(user.threadId !== undefined ? { threadId: user.threadId } : {}) };
}

function carriesButton(message: NonNullable<CallbackQuery['message']>, data: string): boolean {
  const markup = 'reply_markup' in message ? message.reply_markup : undefined;
  return (markup?.inline_keyboard ?? []).some((row) => row.some((button) => 'callback_data' in button && button.callback_data === data));
}

function editableKindOf(message: NonNullable<CallbackQuery['message']>): EditableKind {
  if ('photo' in message) return 'photo';
  if ('document' in message) return 'document';
  if ('text' in message) return 'text';
  return 'other';
}
