import type { ChatUser } from './identity.js';
import type { ReplyBlock } from './reply.js';

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

/** `12.3 MB`, `48 MB`: a file's size as the notice about a refused upload says it. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** What a block uploads: a chart's PNG or a file (in memory, or written to disk for a large export); text is 0. */
export function uploadBytes(block: ReplyBlock): number {
  if (block.kind === 'image') return block.png.length;
  if (block.kind === 'file') return 'path' in block ? block.bytes : block.data.length;
  return 0;
}
