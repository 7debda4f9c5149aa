#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/ and commands/ into dist/, so each `axepilot`
// call starts plain JavaScript instead of compiling TypeScript first. Where TypeScript or the sources are absent (an
// image installed with --omit=dev before its sources were copied), it says so and leaves the tsx fallback in charge.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  tsc = null;
}
if (!tsc || !existsSync(join(root, 'src', 'cli.ts'))) {
  process.stdout.write('axepilot: no TypeScript compiler or no sources here; skipping the build (bin/axepilot.js runs the sources through tsx)\n');
  process.exit(0);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(join(root, 'dist', '.built'), `${new Date().toISOString()}\n`);
