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

/**
 * The text, cut with an ellipsis to what the service keeps: ntfy and Gotify count UTF-8 bytes (4,096, 16,000),
 * Pushover characters (1,024, whatever their size: `°C` and emoji are one each). Never cuts a character in two.
 */
export function bodyOf(message: Message, limit: { bytes: number } | { characters: number }): string {
  const text = plainText(message) || titleOf(message);
  const [max, size] = 'bytes' in limit
    ? [limit.bytes, (t: string) => Buffer.byteLength(t)]
    : [limit.characters, (t: string) => Array.from(t).length];
  if (size(text) <= max) return text;
  const characters = Array.from(text).slice(0, max);
  while (characters.length > 0 && size(`${characters.join('')}…`) > max) characters.pop();
  return `${characters.join('')}…`;
}

export function severityOf(message: Message): Severity {
  return message.severity ?? 'info';
}
