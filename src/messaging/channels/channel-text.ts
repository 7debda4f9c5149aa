import { plainText, type Message, type Severity } from '../message.js';

/**
 * What the push channels (ntfy, Pushover, Gotify) show: a title and a body of plain text, cut to what the service
 * keeps. Chats render blocks; these channels have one notification with a headline.
 */

/** The one chat a notification channel has: its config names a single topic, server or mailbox. */
export const CHANNEL_CHAT_ID = 'owner';

export function titleOf(message: Message): string {
  if (message.title) return message.title;
  const first = plainText(message).split('\n').find((line) => line.trim() !== '');
  return first ? first.trim() : 'axepilot';
}

/** The text, cut at `maxBytes` of UTF-8 on a character boundary with an ellipsis (ntfy keeps 4,096, Pushover 1,024). */
export function bodyOf(message: Message, maxBytes: number): string {
  const text = plainText(message) || titleOf(message);
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = text.slice(0, maxBytes);
  while (Buffer.byteLength(`${cut}…`) > maxBytes) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export function severityOf(message: Message): Severity {
  return message.severity ?? 'info';
}
