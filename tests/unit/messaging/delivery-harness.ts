/** Shared parts of the delivery tests: an in-memory database, a stub sender, outbox rows, a log to read. */
import type { MessageSender } from '../../../src/messaging/chat-platform.js';
import type { ChatTarget } from '../../../src/messaging/chat-target.js';
import type { Message as DeliveryMessage } from '../../../src/messaging/message.js';
import type { NewOutboxRow } from '../../../src/messaging/outbox.js';
import { createLogger, type Logger } from '../../../src/core/logger.js';
import { openStore, type Store } from '../../../src/store/store.js';

export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** Noon UTC on a Saturday, where the delivery tests' clocks start. */
export const START = Date.UTC(2026, 0, 10, 12, 0, 0);

export function memoryStore(): Store {
  return openStore({ path: ':memory:' });
}

export function capturingLog(): { log: Logger; lines: string[]; messages: () => string[] } {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
  const messages = (): string[] => lines.map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
  return { log, lines, messages };
}

export function textMessage(text: string, buttons: DeliveryMessage['buttons'] = []): DeliveryMessage {
  return { blocks: [{ kind: 'text', text, style: 'plain' }], buttons };
}

let nextNotification = 1;

/** A row for chat `chatId` saying `text`; `alertIds` ties it to alerts for merging. */
export function outboxRow(chatId: string, text: string, overrides: Partial<NewOutboxRow> = {}): NewOutboxRow {
  return {
    platform: 'telegram',
    chatId,
    kind: 'firing',
    notificationId: `n-test-${nextNotification++}`,
    alertIds: [],
    silent: false,
    message: textMessage(text),
    createdAt: START,
    ...overrides,
  };
}

export interface SentCall {
  platform: string;
  chatId: string;
  text: string;
  silent: boolean;
  buttons: DeliveryMessage['buttons'];
  at: number;
}

/**
 * A sender that records what it was asked to send and answers with `behaviour` (resolve by default). `hold()` makes
 * every send wait until `release()`, to look at what happens while a send is on the wire.
 */
export class StubSender implements MessageSender {
  /** Every attempt, failed or not. */
  readonly calls: SentCall[] = [];
  /** Sends that succeeded, in the order they completed. */
  readonly delivered: SentCall[] = [];
  behaviour: (call: SentCall) => void | Promise<void> = () => undefined;
  private held: Array<() => void> = [];
  private holding = false;

  constructor(private readonly now: () => number) {}

  async send({ platform, chatId }: ChatTarget, message: DeliveryMessage, options: { silent: boolean }): Promise<void> {
    const text = message.blocks.map((b) => (b.kind === 'text' ? b.text : `[${b.kind} ${b.filename}]`)).join('\n');
    const call = { platform, chatId, text, silent: options.silent, buttons: message.buttons, at: this.now() };
    this.calls.push(call);
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    await this.behaviour(call);
    this.delivered.push(call);
  }

  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const resolve of this.held.splice(0)) resolve();
  }

  /** Texts delivered to `chatId`, in order. */
  textsTo(chatId: string): string[] {
    return this.delivered.filter((c) => c.chatId === chatId).map((c) => c.text);
  }
}
