/**
 * A file name built from what an owner typed (a miner called `../../etc/x`, a name with spaces or emoji) made safe
 * to write under data/out/ and to attach to a chat message: no directories, no leading dot, a bounded length.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .slice(-120);
  return cleaned === '' || /^[._-]*$/.test(cleaned) ? fallback : cleaned;
}
