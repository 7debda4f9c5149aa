/**
 * The messaging seam holds: alerts, benchmarks and the autopilot hand messages to src/messaging/ and never see a chat
 * platform; messaging itself sits below chat and the engines. Read from the import statements of the source files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every relative import of a file, as a path from the repository root; package imports as they are written. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2] ?? '');
  return specifiers.map((s) => (s.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), s)) : s));
}

function violations(dirs: string[], forbidden: (target: string) => boolean): string[] {
  return dirs.flatMap(sourceFiles).flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${file} → ${target}`));
}

const isChatAdapter = (target: string): boolean =>
  /^src\/chat\/(telegram|discord|console)\//.test(target) || target === 'telegraf' || target.startsWith('telegraf/') || target === 'discord.js';

describe('the messaging seam', () => {
  it('no alert, benchmark or autopilot module imports a chat adapter or a chat library', () => {
    expect(violations(['src/alerts', 'src/bench', 'src/autopilot'], isChatAdapter)).toEqual([]);
  });

  it('finds an adapter import when there is one (the check itself works)', () => {
    expect(importsOf('src/main.ts')).toContain('src/chat/telegram/adapter.js');
    expect(isChatAdapter('src/chat/telegram/adapter.js')).toBe(true);
  });

  it('messaging imports nothing above it: no chat, engine, fleet or command module', () => {
    const above = (target: string): boolean =>
      /^(src\/(chat|alerts|bench|autopilot|control|charts|fleet|integrations|demo|cli|sim)\/|commands\/)/.test(target) || target === 'src/main.js';
    expect(violations(['src/messaging'], above)).toEqual([]);
  });
});
