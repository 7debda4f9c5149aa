#!/usr/bin/env node
// The `axepilot` command. It runs the compiled JavaScript in dist/ (`npm ci` and `npm run build` make it), which
// starts in a fraction of a second; when dist/ is missing or older than a source file (you edited src/ and did not
// build), it runs the TypeScript sources through tsx instead, so an edit is never silently ignored.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');

function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(stamp)) return false;
  const sources = ['src', 'commands'].map((d) => join(root, d)).filter((d) => existsSync(d));
  const builtAt = statSync(stamp).mtimeMs;
  return sources.every((dir) => newestSourceMs(dir) <= builtAt);
}

if (compiledIsCurrent()) {
  await import('../dist/src/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
