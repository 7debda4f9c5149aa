import type { ChatUser } from './identity.js';

/**
 * The largest file each platform takes from a bot: Telegram's Bot API refuses uploads over 50 MB, Discord attachments
 * over 10 MiB (a server without boosts). The console writes to the local disk and has no limit.
 */
export const FILE_LIMIT_BYTES: Record<ChatUser['platform'], number> = {
  telegram: 50 * 1000 * 1000,
  discord: 10 * 1024 * 1024,
  console: Number.POSITIVE_INFINITY,
};

export function fileLimitOf(platform: ChatUser['platform']): number {
  return FILE_LIMIT_BYTES[platform];
}
