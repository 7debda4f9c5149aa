/**
 * What the asker reads when Discord refuses an answer's file for its size (HTTP 413): which file, how large, the
 * limit, and what to ask for instead, rather than a "thinking…" that never ends.
 */
import type { PreparedReply } from '../router.js';
import { fileLimitOf, megabytes, uploadBytes as sizeOf } from '../file-limits.js';

export function tooLargeNotice(reply: PreparedReply): string {
  const files = reply.blocks.filter((b) => b.kind !== 'text');
  const largest = files.reduce<PreparedReply['blocks'][number] | null>((big, b) => (big === null || sizeOf(b) > sizeOf(big) ? b : big), null);
  const name = largest && largest.kind !== 'text' ? largest.filename : 'the file';
  const size = largest ? ` is ${megabytes(sizeOf(largest))}:` : ' is';
  const csv = /\.csv$/i.test(name);
  const advice = csv
    ? 'Ask for a shorter range (e.g. /export <miner> 24h), one miner at a time, or a gzip file, about a third of the size (add gz: /export <miner> 7d gz).'
    : 'Ask for a shorter range or one miner at a time.';
  return `Discord refused ${name}: it${size} over the ${fileLimitOf('discord') / 1024 / 1024} MiB a message may carry in this server. ${advice}`;
}
