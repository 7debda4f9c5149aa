/**
 * What the asker reads when Discord refuses an answer's file for its size (HTTP 413): which file, how large, the
 * limit, and what to ask for instead, rather than a "thinking…" that never ends.
 */
import type { PreparedReply } from '../router.js';
import { DISCORD_UPLOAD_LIMIT_BYTES } from './send-errors.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

function sizeOf(block: PreparedReply['blocks'][number]): number {
  if (block.kind === 'image') return block.png.length;
  if (block.kind === 'file') return 'path' in block ? block.bytes : block.data.length;
  return 0;
}

export function tooLargeNotice(reply: PreparedReply): string {
  const files = reply.blocks.filter((b) => b.kind !== 'text');
  const largest = files.reduce<PreparedReply['blocks'][number] | null>((big, b) => (big === null || sizeOf(b) > sizeOf(big) ? b : big), null);
  const name = largest && largest.kind !== 'text' ? largest.filename : 'the file';
  const size = largest ? ` is ${megabytes(sizeOf(largest))}:` : ' is';
  const csv = /\.csv$/i.test(name);
  const advice = csv
    ? 'Ask for a shorter range (e.g. /export <miner> 24h), one miner at a time, or a gzip file, about a third of the size (add gz: /export <miner> 7d gz).'
    : 'Ask for a shorter range or one miner at a time.';
  return `Discord refused ${name}: it${size} over the ${DISCORD_UPLOAD_LIMIT_BYTES / 1024 / 1024} MiB a message may carry in this server. ${advice}`;
}
