/**
 * A reply Telegram refused for good (a file over its 50 MB, a message it cannot parse, a chat it cannot find) would
 * otherwise reach the user as silence. This is the short message that replaces it: what was refused, why in plain
 * words, and what to do instead.
 */
import { fileLimitOf, megabytes, uploadBytes } from '../file-limits.js';
import { text, type FileBlock, type ReplyBlock } from '../reply.js';
import type { PreparedReply } from '../router.js';
import { TelegramMessageRefusedError } from './send-errors.js';

function largestFile(blocks: readonly ReplyBlock[]): FileBlock | null {
  const files = blocks.filter((b): b is FileBlock => b.kind === 'file');
  return files.sort((a, b) => uploadBytes(b) - uploadBytes(a))[0] ?? null;
}

const isTooLarge = (description: string): boolean => /too large|entity too large|file is too big/i.test(description);

/**
 * The message to send instead of a reply that Telegram refused, or null when the failure is not the user's to know
 * (a blocked chat, shutdown, a group that moved: those are handled elsewhere).
 */
export function undeliveredNotice(error: unknown, reply: PreparedReply): PreparedReply | null {
  if (!(error instanceof TelegramMessageRefusedError)) return null;
  if (error.verdict.migrateToChatId !== undefined) return null;
  const { description } = error.verdict;
  const file = largestFile(reply.blocks);
  let body: string;
  if (isTooLarge(description) && file) {
    const size = megabytes(uploadBytes(file));
    body =
      `Telegram refused the file ${file.filename} (${size}): too large for a bot to send ` +
      `(the limit is ${megabytes(fileLimitOf('telegram'))}, less through some servers).\n` +
      'Ask for less: a shorter range (/export <miner> 24h), one miner at a time, or gzipped (add gz: /export all 7d gz).';
  } else if (isTooLarge(description)) {
    body = 'Telegram refused the reply as too large. Ask for less: a shorter range or one miner at a time.';
  } else {
    body =
      `Telegram refused the reply (${description}).\n` +
      'Try again with fewer details (one miner, a shorter range); if it keeps failing, the log has the full story.';
  }
  return { blocks: [text(body)], buttons: [] };
}
