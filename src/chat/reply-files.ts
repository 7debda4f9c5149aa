import { rm } from 'node:fs/promises';
import type { ReplyBlock } from './reply.js';

/**
 * Deletes the files a reply carried on disk (exports) once the adapter sent them, or failed to: they were written
 * for this one reply. A file already gone (the console moved it) is not an error.
 */
export async function discardReplyFiles(blocks: readonly ReplyBlock[]): Promise<void> {
  for (const block of blocks) {
    if (block.kind === 'file' && 'path' in block) await rm(block.path, { force: true });
  }
}
