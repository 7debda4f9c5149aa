/**
 * The fake Telegram's memory of chats and messages: what the bot sent, edited and deleted, with the validation
 * Telegram applies (empty or too long text, captions over 1024, unescaped MarkdownV2, edits that change nothing),
 * so an adapter bug fails here the way it would fail in production.
 */
import type { InlineKeyboardMarkup, Message, MessageEntity, User } from 'telegraf/types';
import type { RecordedFile } from './multipart.js';
import { badRequest } from './telegram-failures.js';
import { chatObject, documentObject, photoSizes, type FakeChatType } from './telegram-objects.js';

export type SentKind = 'text' | 'photo' | 'document';

export interface StoredMessage {
  message: Message;
  fromBot: boolean;
  kind: SentKind;
  file: RecordedFile | undefined;
  edited: boolean;
  deleted: boolean;
}

/** One of the bot's messages as a test reads it. */
export interface SentMessage {
  messageId: number;
  kind: SentKind;
  /** The text, or the caption of a photo or document. */
  text: string | undefined;
  file: RecordedFile | undefined;
  replyMarkup: InlineKeyboardMarkup | undefined;
  edited: boolean;
  deleted: boolean;
  message: Message;
}

export interface FakeChat {
  type: FakeChatType;
  nextMessageId: number;
  messages: StoredMessage[];
}

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

type Params = Record<string, unknown>;

export class FakeChats {
  commands: unknown[] = [];
  private readonly chats = new Map<number, FakeChat>();

  constructor(
    private readonly botUser: User,
    private readonly now: () => number,
  ) {}

  chat(chatId: number, type?: FakeChatType): FakeChat {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { type: type ?? (chatId < 0 ? 'group' : 'private'), nextMessageId: 1, messages: [] };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  find(chatId: number, messageId: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.messages.find((m) => m.message.message_id === messageId && !m.deleted);
  }

  sentTo(chatId: number): SentMessage[] {
    const messages = this.chats.get(chatId)?.messages ?? [];
    return messages.filter((m) => m.fromBot).map((m) => toSent(m));
  }

  requireChatId(params: Params): number {
    const raw = params.chat_id;
    if ((typeof raw === 'number' && Number.isInteger(raw)) || (typeof raw === 'string' && /^-?\d+$/.test(raw))) {
      return Number(raw);
    }
    throw badRequest('chat not found');
  }

  /** Carries out one of the message methods and returns its Bot API result. */
  apply(method: string, params: Params, files: RecordedFile[]): unknown {
    const chatId = this.requireChatId(params);
    switch (method) {
      case 'sendMessage': {
        const text = checkedText(params.text, params.parse_mode, TEXT_LIMIT, 'message text is empty', 'message is too long');
        return this.store(chatId, 'text', undefined, { text, ...entities(params.entities, 'entities') }, params);
      }
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        const file = files.find((f) => f.field === field);
        if (!file && typeof params[field] !== 'string') throw badRequest(`there is no ${field} in the request`);
        const caption = optionalCaption(params.caption, params.parse_mode);
        const media = field === 'photo' ? { photo: photoSizes(file) } : { document: documentObject(file) };
        const fields = { ...media, ...(caption ? { caption } : {}), ...entities(params.caption_entities, 'caption_entities') };
        return this.store(chatId, field, file, fields, params);
      }
      case 'editMessageText': {
        const stored = this.editable(chatId, params);
        const text = checkedText(params.text, params.parse_mode, TEXT_LIMIT, 'message text is empty', 'message is too long');
        const current = stored.message as Message.TextMessage;
        const markup = inlineMarkup(params.reply_markup);
        if (current.text === text && sameMarkup(current.reply_markup, markup)) throw notModified();
        // Like Telegram: an edit without reply_markup removes the inline keyboard.
        const { entities: _entities, reply_markup: _markup, ...rest } = current;
        stored.message = { ...rest, text, ...entities(params.entities, 'entities'), ...withMarkup(markup), edit_date: this.date() };
        stored.edited = true;
        return stored.message;
      }
      case 'editMessageReplyMarkup': {
        const stored = this.editable(chatId, params);
        const markup = inlineMarkup(params.reply_markup);
        const current = stored.message as Message.TextMessage;
        if (sameMarkup(current.reply_markup, markup)) throw notModified();
        const { reply_markup: _markup, ...rest } = current;
        stored.message = { ...rest, ...withMarkup(markup), edit_date: this.date() };
        stored.edited = true;
        return stored.message;
      }
      case 'editMessageMedia':
        return this.editMedia(this.editable(chatId, params), params, files);
      case 'deleteMessage': {
        const stored = this.find(chatId, Number(params.message_id));
        if (!stored) throw badRequest('message to delete not found');
        stored.deleted = true;
        return true;
      }
      default:
        throw new Error(`FakeChats cannot apply ${method}`);
    }
  }

  private store(chatId: number, kind: SentKind, file: RecordedFile | undefined, fields: object, params: Params): Message {
    const chat = this.chat(chatId);
    const message = {
      message_id: chat.nextMessageId++,
      from: this.botUser,
      chat: chatObject(chatId, chat.type),
      date: this.date(),
      ...fields,
      ...withMarkup(inlineMarkup(params.reply_markup)),
      // Sent into a forum topic: it sits in that topic, as Telegram marks it.
      ...(params.message_thread_id !== undefined ? { message_thread_id: Number(params.message_thread_id), is_topic_message: true } : {}),
    } as Message;
    chat.messages.push({ message, fromBot: true, kind, file, edited: false, deleted: false });
    return message;
  }

  /**
   * New media for a photo or document message; a text message has none to replace. telegraf uploads the file as its
   * own form field and names it in `media.media` as `attach://<field>` (telegraf/telegraf:src/core/network/client.ts).
   */
  private editMedia(stored: StoredMessage, params: Params, files: RecordedFile[]): Message {
    const media = (params.media ?? {}) as { type?: unknown; media?: unknown; caption?: unknown; parse_mode?: unknown };
    if (media.type !== 'photo' && media.type !== 'document') throw badRequest('unsupported media type');
    if (stored.kind === 'text') throw badRequest('there is no media in the message to edit');
    const reference = typeof media.media === 'string' ? media.media : '';
    const file = reference.startsWith('attach://') ? files.find((f) => f.field === reference.slice('attach://'.length)) : undefined;
    if (!file && (!reference || reference.startsWith('attach://'))) throw badRequest('wrong file identifier/HTTP URL specified');
    const caption = optionalCaption(media.caption, media.parse_mode);
    const current = stored.message as Partial<Message.PhotoMessage & Message.DocumentMessage> & Message;
    const { photo: _photo, document: _document, caption: _caption, caption_entities: _entities, reply_markup: _markup, ...rest } = current;
    const replaced = media.type === 'photo' ? { photo: photoSizes(file) } : { document: documentObject(file) };
    stored.message = {
      ...rest, ...replaced, ...(caption ? { caption } : {}), ...withMarkup(inlineMarkup(params.reply_markup)), edit_date: this.date(),
    };
    stored.kind = media.type;
    stored.file = file;
    stored.edited = true;
    return stored.message;
  }

  private editable(chatId: number, params: Params): StoredMessage {
    const stored = this.find(chatId, Number(params.message_id));
    if (!stored?.fromBot) throw badRequest('message to edit not found');
    return stored;
  }

  private date(): number {
    return Math.floor(this.now() / 1000);
  }
}

function toSent(stored: StoredMessage): SentMessage {
  const message = stored.message as Partial<Message.TextMessage & Message.CaptionableMessage>;
  return {
    messageId: stored.message.message_id,
    kind: stored.kind,
    text: message.text ?? message.caption,
    file: stored.file,
    replyMarkup: message.reply_markup,
    edited: stored.edited,
    deleted: stored.deleted,
    message: stored.message,
  };
}

function checkedText(value: unknown, parseMode: unknown, limit: number, emptyError: string, longError: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(emptyError);
  if (value.length > limit) throw badRequest(longError);
  if (parseMode === 'MarkdownV2') checkMarkdownV2(value);
  return value;
}

function optionalCaption(value: unknown, parseMode: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  return checkedText(value, parseMode, CAPTION_LIMIT, 'message caption is empty', 'message caption is too long');
}

/**
 * The commonest MarkdownV2 failure: a reserved character that is never markup (`.`, `!`, `-` in a hashrate or an
 * IP address) left unescaped outside code (https://core.telegram.org/bots/api#markdownv2-style).
 */
function checkMarkdownV2(text: string): void {
  const outsideCode = text.replace(/\\[\s\S]/g, '').replace(/```[\s\S]*?```|`[^`]*`/g, '');
  const reserved = /[.!\-=+#{}]/.exec(outsideCode);
  if (reserved) {
    throw badRequest(`can't parse entities: Character '${reserved[0]}' is reserved and must be escaped with the preceding '\\'`);
  }
}

function entities(value: unknown, key: 'entities' | 'caption_entities'): Record<string, MessageEntity[]> {
  return Array.isArray(value) ? { [key]: value as MessageEntity[] } : {};
}

function inlineMarkup(value: unknown): InlineKeyboardMarkup | undefined {
  // Only inline keyboards belong to a message; reply keyboards live on the user's client.
  if (value && typeof value === 'object' && 'inline_keyboard' in value) return value as InlineKeyboardMarkup;
  return undefined;
}

function withMarkup(markup: InlineKeyboardMarkup | undefined): { reply_markup?: InlineKeyboardMarkup } {
  return markup ? { reply_markup: markup } : {};
}

function sameMarkup(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function notModified(): Error {
  return badRequest(
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  );
}
