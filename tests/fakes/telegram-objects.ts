/**
 * The Bot API objects the fake Telegram server hands out, shaped as Telegram shapes them
 * (https://core.telegram.org/bots/api#available-types), so telegraf's context helpers find what they expect.
 */
import { randomUUID } from 'node:crypto';
import type { Chat, Message, PhotoSize, User } from 'telegraf/types';
import type { RecordedFile } from './multipart.js';

export function botUserFromToken(token: string): User {
  const id = Number(token.split(':')[0]);
  return {
    id: Number.isFinite(id) && id > 0 ? id : 123456789,
    is_bot: true,
    first_name: 'axepilot (test)',
    username: 'axepilot_test_bot',
  };
}

export function userObject(userId: number): User {
  return { id: userId, is_bot: false, first_name: `User ${userId}`, username: `user${userId}`, language_code: 'en' };
}

export type FakeChatType = 'private' | 'group';

export function chatObject(chatId: number, type: FakeChatType): Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat {
  if (type === 'private') return { id: chatId, type: 'private', first_name: `User ${chatId}`, username: `user${chatId}` };
  // Supergroup ids are -100…; Telegram reports them as their own chat type.
  if (chatId <= -1_000_000_000_000) return { id: chatId, type: 'supergroup', title: `Supergroup ${chatId}` };
  return { id: chatId, type: 'group', title: `Group ${chatId}` };
}

/** The `bot_command` entity Telegram attaches to a message that starts with `/command` (or `/command@bot`). */
export function commandEntities(text: string): Message.TextMessage['entities'] {
  const match = /^\/\S+/.exec(text);
  return match ? [{ type: 'bot_command', offset: 0, length: match[0].length }] : undefined;
}

function fileIds(kind: string): { file_id: string; file_unique_id: string } {
  const id = randomUUID();
  return { file_id: `${kind}-file-${id}`, file_unique_id: `${kind}-${id.slice(0, 8)}` };
}

/** Width and height from a PNG's IHDR chunk, so photo sizes look like the chart that was sent. */
function imageSize(bytes: Buffer | undefined): { width: number; height: number } {
  const isPng = bytes !== undefined && bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47;
  if (isPng) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  return { width: 800, height: 600 };
}

/** Telegram stores a photo in several sizes, smallest first, each ≤ the original and ≤ 1280 on its long side. */
export function photoSizes(file: RecordedFile | undefined): PhotoSize[] {
  const { width, height } = imageSize(file?.bytes);
  const longSide = Math.max(width, height, 1);
  const targets = [90, 320, 800, 1280].filter((side) => side < longSide);
  targets.push(Math.min(longSide, 1280));
  const bytes = file?.size ?? 50_000;
  return targets.map((side) => {
    const scale = side / longSide;
    return {
      ...fileIds('photo'),
      width: Math.max(1, Math.round(width * scale)),
      height: Math.max(1, Math.round(height * scale)),
      file_size: Math.max(1, Math.round(bytes * scale * scale)),
    };
  });
}

const MIME_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

export function documentObject(file: RecordedFile | undefined): Message.DocumentMessage['document'] {
  const name = file?.name ?? 'file.dat';
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  return {
    ...fileIds('document'),
    file_name: name,
    mime_type: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
    file_size: file?.size ?? 0,
  };
}
