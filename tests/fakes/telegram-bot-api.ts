/**
 * A fake Telegram Bot API on 127.0.0.1 that the real telegraf client talks to (`telegram: { apiRoot }`), so adapter
 * tests exercise telegraf's HTTP, multipart and long-polling code instead of a stub. nock cannot stand in: telegraf
 * sends `connection: keep-alive` and nock 14 hangs on it (nock/nock#3001).
 *
 * It records every answered call, lets a test inject user messages and button presses as updates, and fails chosen
 * calls with Telegram's own error bodies. Methods and behaviour follow https://core.telegram.org/bots/api.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, Update, User } from 'telegraf/types';
import { parseBotApiRequest, readBody, type RecordedFile } from './multipart.js';
import { FakeApiFailure, FailurePlan, badRequest, errorBody, type FakeFailure } from './telegram-failures.js';
import { botUserFromToken, chatObject, commandEntities, userObject, type FakeChatType } from './telegram-objects.js';
import { FakeChats, type SentMessage } from './telegram-chats.js';

export { FakeApiFailure };
export type { FakeFailure, RecordedFile, SentMessage };

export interface RecordedCall {
  method: string;
  /** Parsed JSON body, or form fields (structured ones JSON-decoded; uploads appear as `attach://name`). */
  params: Record<string, unknown>;
  files: RecordedFile[];
  /** When the request arrived (`now()` of the fake). Calls are recorded in the order they were answered. */
  at: number;
  /** The HTTP status the fake answered with. */
  status: number;
}

export interface StartFakeTelegramOptions {
  token?: string;
  /** Longest time a `getUpdates` with nothing to return is held open (capped by its own `timeout`). */
  pollHoldMs?: number;
  now?: () => number;
}

interface HeldPoll {
  release(): void;
}

interface Watcher {
  check(): void;
  fail(error: Error): void;
}

export const FAKE_TELEGRAM_TOKEN = '123456789:AAFakeTokenForAxepilotTests_0123456789';

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly botUser: User;
  readonly chats: FakeChats;
  /** Errors the fake itself hit while answering (a bug in the fake or an unparseable request). */
  readonly serverErrors: Error[] = [];
  private updates: Update[] = [];
  private nextUpdateId = 100_001;
  private nextCallbackId = 1;
  private readonly openCallbackQueries = new Set<string>();
  private readonly heldPolls = new Set<HeldPoll>();
  private readonly watchers = new Set<Watcher>();
  private readonly failures: FailurePlan<RecordedCall>;
  private closed = false;
  private port = 0;

  constructor(
    readonly token: string,
    private readonly server: Server,
    private readonly pollHoldMs: number,
    readonly now: () => number,
  ) {
    this.botUser = botUserFromToken(token);
    this.chats = new FakeChats(this.botUser, now);
    this.failures = new FailurePlan(now);
  }

  /** The value for telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.serverErrors.push(failure);
        if (!res.headersSent) this.write(res, 500, errorBody({ status: 500, description: failure.message }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** How many `getUpdates` requests are being held open right now. */
  get heldPollCount(): number {
    return this.heldPolls.size;
  }

  /** Updates injected and not yet confirmed by a later `offset`. */
  get pendingUpdateCount(): number {
    return this.updates.length;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The bot's messages in one chat, in the order sent, as they stand now (edits applied). */
  sent(chatId: number | string): SentMessage[] {
    return this.chats.sentTo(Number(chatId));
  }

  /** Resolves with the first truthy value `check` returns, re-checked after every answered call. */
  waitFor<T>(
    check: (calls: readonly RecordedCall[]) => T | undefined | null | false,
    timeoutMs = 2_000,
    what = 'the awaited condition',
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
      };
      const watcher: Watcher = {
        check: () => {
          try {
            const value = check(this.calls);
            if (value === undefined || value === null || value === false) return;
            finish();
            resolve(value);
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        watcher.fail(new Error(`${what} not seen within ${timeoutMs} ms; calls so far:\n${this.describeCalls()}`));
      }, timeoutMs);
      this.watchers.add(watcher);
      watcher.check();
    });
  }

  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitFor(
      (calls) => calls.find((call) => call.method === method && (predicate?.(call) ?? true)),
      timeoutMs,
      `a ${method} call${predicate ? ' matching the predicate' : ''}`,
    );
  }

  /** A user writes in a chat; a `/command` carries the `bot_command` entity Telegram adds. */
  sendUserMessage(input: {
    chatId: number; userId: number; text: string; chatType?: FakeChatType;
    /** A forum topic of a supergroup: the message carries `message_thread_id` and `is_topic_message`. */
    threadId?: number;
  }): Update.MessageUpdate<Message.TextMessage> {
    const chat = this.chats.chat(input.chatId, input.chatType);
    const message: Message.TextMessage = {
      message_id: chat.nextMessageId++,
      from: userObject(input.userId),
      chat: chatObject(input.chatId, chat.type),
      date: Math.floor(this.now() / 1000),
      text: input.text,
      ...(input.threadId !== undefined ? { message_thread_id: input.threadId, is_topic_message: true } : {}),
    };
    const entities = commandEntities(input.text);
    if (entities) message.entities = entities;
    chat.messages.push({ message, fromBot: false, kind: 'text', file: undefined, edited: false, deleted: false });
    return this.inject({ update_id: this.nextUpdateId++, message } as Update.MessageUpdate<Message.TextMessage>);
  }

  /** Telegram's service message in a group that became a supergroup (`migrate_to_chat_id`). */
  migrateGroup(input: { chatId: number; toChatId: number; userId: number }): Update {
    const chat = this.chats.chat(input.chatId, 'group');
    const message = {
      message_id: chat.nextMessageId++,
      from: userObject(input.userId),
      chat: chatObject(input.chatId, chat.type),
      date: Math.floor(this.now() / 1000),
      migrate_to_chat_id: input.toChatId,
    } as Message.MigrateToChatIdMessage;
    return this.inject({ update_id: this.nextUpdateId++, message } as Update.MessageUpdate);
  }

  /** A user presses an inline button under one of the bot's messages. */
  pressButton(input: { chatId: number; userId: number; messageId: number; data: string }): Update.CallbackQueryUpdate {
    const id = `${this.botUser.id}${String(this.nextCallbackId++).padStart(6, '0')}`;
    this.openCallbackQueries.add(id);
    const message = this.chats.find(input.chatId, input.messageId)?.message ?? {
      message_id: input.messageId,
      from: this.botUser,
      chat: chatObject(input.chatId, this.chats.chat(input.chatId).type),
      date: Math.floor(this.now() / 1000),
      text: '',
    };
    return this.inject({
      update_id: this.nextUpdateId++,
      callback_query: { id, from: userObject(input.userId), chat_instance: `ci${input.chatId}`, message, data: input.data },
    });
  }

  /** Fails the next `times` calls of `method` (only those to `failure.chatId`, when given). */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    this.failures.failNext(method, failure, times);
  }

  /** "Down for a while": fails `method` for `durationMs` from now, or while `whileTrue(call)` holds. */
  failFor(method: string, durationOrWhile: number | ((call: RecordedCall) => boolean), failure: FakeFailure = { status: 500 }): void {
    this.failures.failFor(method, durationOrWhile, failure);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Answers held long polls, rejects pending waits and closes every socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const poll of [...this.heldPolls]) poll.release();
    for (const watcher of [...this.watchers]) watcher.fail(new Error('the fake Telegram server was closed'));
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private inject<U extends Update>(update: U): U {
    this.updates.push(update);
    for (const poll of [...this.heldPolls]) poll.release();
    return update;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route?.[1] || !route[2]) return this.write(res, 404, errorBody({ status: 404 }));
    const [token, method] = [route[1], route[2]];
    const call: RecordedCall = { method, params: {}, files: [], at, status: 0 };
    try {
      Object.assign(call, await parseBotApiRequest(req, body, url));
    } catch (error) {
      return this.answer(res, call, { status: 400, description: `Bad Request: ${String(error)}` });
    }
    if (token !== this.token) return this.answer(res, call, { status: 401 });
    const failure = this.failures.take(call);
    if (failure) return this.answer(res, call, failure);
    if (method === 'getUpdates') return this.getUpdates(call, res);
    try {
      const result = this.callMethod(call);
      if (result === undefined) return this.answer(res, call, { status: 404 });
      this.answer(res, call, { ok: true, result });
    } catch (error) {
      if (!(error instanceof FakeApiFailure)) throw error;
      this.answer(res, call, error.failure);
    }
  }

  /** The result of a method, or undefined when the fake does not know it. */
  private callMethod(call: RecordedCall): unknown {
    const p = call.params;
    switch (call.method) {
      case 'getMe':
        return this.botUser;
      case 'deleteWebhook':
        if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') this.updates = [];
        return true;
      case 'answerCallbackQuery':
        if (!this.openCallbackQueries.delete(String(p.callback_query_id))) {
          throw badRequest('query is too old and response timeout expired or query ID is invalid');
        }
        return true;
      case 'setMyCommands':
        this.chats.commands = Array.isArray(p.commands) ? (p.commands as unknown[]) : [];
        return true;
      case 'getMyCommands':
        return this.chats.commands;
      case 'sendChatAction':
        this.chats.requireChatId(p);
        return true;
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
      case 'editMessageText':
      case 'editMessageReplyMarkup':
      case 'editMessageMedia':
      case 'deleteMessage':
        return this.chats.apply(call.method, p, call.files);
      default:
        return undefined;
    }
  }

  private getUpdates(call: RecordedCall, res: ServerResponse): void {
    const offset = Number(call.params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(call.params.limit ?? 100)));
    const timeoutMs = Number(call.params.timeout ?? 0) * 1000;
    // A getUpdates with an offset confirms every update before it; Telegram then forgets them.
    if (offset < 0) this.updates = this.updates.slice(offset);
    else this.updates = this.updates.filter((update) => update.update_id >= offset);
    const answerNow = (): void => this.answer(res, call, { ok: true, result: this.updates.slice(0, limit) });
    if (this.updates.length > 0 || timeoutMs <= 0 || this.closed) return answerNow();

    const forget = (): void => {
      clearTimeout(timer);
      this.heldPolls.delete(poll);
    };
    const poll: HeldPoll = {
      release: () => {
        forget();
        if (!res.writableEnded && !res.destroyed) answerNow();
      },
    };
    const timer = setTimeout(() => poll.release(), Math.min(timeoutMs, this.pollHoldMs));
    // telegraf aborts its long poll on stop(); the request just goes away.
    res.on('close', () => {
      if (!res.writableEnded) forget();
    });
    this.heldPolls.add(poll);
  }

  private answer(res: ServerResponse, call: RecordedCall, outcome: FakeFailure | { ok: true; result: unknown }): void {
    const status = 'ok' in outcome ? 200 : outcome.status;
    call.status = status;
    this.calls.push(call);
    this.write(res, status, 'ok' in outcome ? outcome : errorBody(outcome));
    for (const watcher of [...this.watchers]) watcher.check();
  }

  private write(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private describeCalls(): string {
    if (this.calls.length === 0) return '  (none)';
    return this.calls
      .map((call, i) => {
        const params = JSON.stringify(call.params);
        const files = call.files.map((f) => ` +${f.field}:${f.name}(${f.size} B)`).join('');
        return `  #${i + 1} ${call.method} → ${call.status} ${params.length > 160 ? `${params.slice(0, 160)}…` : params}${files}`;
      })
      .join('\n');
  }
}

export async function startFakeTelegram(options: StartFakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram(
    options.token ?? FAKE_TELEGRAM_TOKEN,
    createServer(),
    options.pollHoldMs ?? 500,
    options.now ?? Date.now,
  );
  await fake.listen();
  return fake;
}
