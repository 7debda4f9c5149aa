/**
 * Puts rendered messages on the wire: each one becomes a Bot API call queued on the one `TelegramSendQueue`, so
 * rate limits, 429 waits, retries and 403 handling apply to replies, edits and alerts alike.
 */
import type { Telegram } from 'telegraf';
import type { InputFile, Opts } from 'telegraf/types';
import type { PreparedReply } from '../router.js';
import { renderReply, type OutgoingMessage } from './render.js';
import { TelegramMessageRefusedError } from './send-errors.js';
import type { TelegramSendQueue } from './send-queue.js';

export type TelegramCall =
  | { method: 'sendMessage'; params: Opts<'sendMessage'> }
  | { method: 'sendPhoto'; params: Opts<'sendPhoto'> }
  | { method: 'sendDocument'; params: Opts<'sendDocument'> }
  | { method: 'editMessageText'; params: Opts<'editMessageText'> }
  | { method: 'editMessageMedia'; params: Opts<'editMessageMedia'> };

/** What the message under a pressed button is, as far as editing it goes. */
export type EditableKind = 'text' | 'photo' | 'document' | 'other';

export interface DeliveryTarget {
  chatId: string | number;
  isGroup: boolean;
  /** A forum topic of the group (`message_thread_id`): what is sent there stays in that topic. */
  threadId?: number;
}

/** Performs one queued call; `signal` aborts it when the queue stops. */
export function performCall(telegram: Telegram, call: TelegramCall, signal: AbortSignal): Promise<unknown> {
  // telegraf types its signal as the abort-controller polyfill; node-fetch accepts Node's own AbortSignal.
  const options = { signal } as unknown as Parameters<Telegram['callApi']>[2];
  switch (call.method) {
    case 'sendMessage':
      return telegram.callApi('sendMessage', call.params, options);
    case 'sendPhoto':
      return telegram.callApi('sendPhoto', call.params, options);
    case 'sendDocument':
      return telegram.callApi('sendDocument', call.params, options);
    case 'editMessageText':
      return telegram.callApi('editMessageText', call.params, options);
    case 'editMessageMedia':
      return telegram.callApi('editMessageMedia', call.params, options);
  }
}

export function sendCallFor(chatId: string | number, message: OutgoingMessage, silent: boolean, threadId?: number): TelegramCall {
  const common = {
    chat_id: chatId,
    ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
    ...(silent ? { disable_notification: true } : {}),
    ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
  };
  switch (message.kind) {
    case 'text':
      return {
        method: 'sendMessage',
        params: { ...common, text: message.html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
      };
    case 'photo':
      return {
        method: 'sendPhoto',
        params: { ...common, photo: { source: message.data, filename: message.filename }, ...captionOf(message.captionHtml) },
      };
    case 'document':
      return {
        method: 'sendDocument',
        params: { ...common, document: inputFile(message.data, message.filename), ...captionOf(message.captionHtml) },
      };
  }
}

/** The call that turns the message `messageId` into `message` in place, or null when Telegram cannot do that. */
export function editCallFor(chatId: string | number, messageId: number, original: EditableKind, message: OutgoingMessage): TelegramCall | null {
  const markup = message.keyboard ? { reply_markup: message.keyboard } : {};
  if (message.kind === 'text') {
    if (original !== 'text') return null;
    return {
      method: 'editMessageText',
      params: {
        chat_id: chatId, message_id: messageId, text: message.html, parse_mode: 'HTML',
        link_preview_options: { is_disabled: true }, ...markup,
      },
    };
  }
  // A photo or document message can take new media of either kind; a text message cannot take media at all.
  if (original !== 'photo' && original !== 'document') return null;
  const source = inputFile(message.data, message.filename);
  const caption = captionOf(message.captionHtml);
  return {
    method: 'editMessageMedia',
    params: {
      chat_id: chatId, message_id: messageId, ...markup,
      media: message.kind === 'photo' ? { type: 'photo', media: source, ...caption } : { type: 'document', media: source, ...caption },
    },
  };
}

/** A path is streamed from disk by telegraf, afresh on every retry; bytes are sent as they are. */
function inputFile(data: Buffer | string, filename: string): InputFile {
  return typeof data === 'string' ? { source: data, filename } : { source: data, filename };
}

function captionOf(captionHtml: string | null): { caption?: string; parse_mode?: 'HTML' } {
  return captionHtml ? { caption: captionHtml, parse_mode: 'HTML' } : {};
}

export class TelegramDelivery {
  constructor(private readonly queue: TelegramSendQueue) {}

  /**
   * Sends a reply as new messages, in order. Resolves when all went out; rejects with the first failure (the
   * queue's `ChatBlockedError`, `TelegramSendFailedError` or `SendQueueStoppedError`) once every message settled.
   */
  async send(target: DeliveryTarget, reply: PreparedReply, options: { silent?: boolean; attempts?: number } = {}): Promise<void> {
    const messages = renderReply(reply);
    const results = await Promise.allSettled(
      messages.map((message) => this.enqueue(target, sendCallFor(target.chatId, message, options.silent ?? false, target.threadId), options.attempts)),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Replaces the message a button was on with the reply (a chart's range buttons switch the chart in place). When
   * the reply does not fit in that message (several parts, or text where a photo was) or the message is gone, the
   * reply is sent as new messages instead.
   */
  async edit(target: DeliveryTarget, messageId: number, original: EditableKind, reply: PreparedReply): Promise<void> {
    const messages = renderReply(reply);
    const only = messages.length === 1 ? messages[0] : undefined;
    const call = only ? editCallFor(target.chatId, messageId, original, only) : null;
    if (!call) return this.send(target, reply);
    try {
      await this.enqueue(target, call);
    } catch (error) {
      if (!(error instanceof TelegramMessageRefusedError)) throw error;
      // Pressing the button of what is already shown changes nothing; Telegram says so with a 400.
      if (error.verdict.description.includes('message is not modified')) return;
      await this.send(target, reply);
    }
  }

  /** Sends a one-message reply and returns the message's id, so it can be edited later (benchmark progress). */
  async sendTracked(target: DeliveryTarget, reply: PreparedReply): Promise<number | null> {
    const [first, ...rest] = renderReply(reply);
    if (!first) return null;
    const sent = await this.enqueue(target, sendCallFor(target.chatId, first, false, target.threadId));
    for (const message of rest) await this.enqueue(target, sendCallFor(target.chatId, message, false, target.threadId));
    const id = (sent as { message_id?: unknown } | null)?.message_id;
    return typeof id === 'number' ? id : null;
  }

  private enqueue(target: DeliveryTarget, call: TelegramCall, attempts?: number): Promise<unknown> {
    return this.queue.enqueue({
      chatId: target.chatId, isGroup: target.isGroup, kind: call.method, payload: call, ...(attempts === undefined ? {} : { attempts }),
    });
  }
}
