/**
 * `axepilot poll` is what an owner types to try one miner, so it must start fast: the modules it loads at once (the
 * CLI entry and the poll command, following static imports, not `import type` or lazy `import()`) reach no package:
 * Node's own http module talks to the miner. A logger (pino and its pretty-printing worker thread), the config schema
 * (zod) or undici each cost a tenth of a second or more; the timing itself is measured by `npm run bench -- cli`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Static value imports of a file: relative ones as repository paths (.ts), packages as written. */
function staticImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? '');
  return specifiers.map((s) => {
    if (!s.startsWith('.')) return s;
    const target = relative(root, resolve(dirname(join(root, file)), s)).replace(/\.js$/, '.ts');
    return existsSync(join(root, target)) ? target : relative(root, resolve(dirname(join(root, file)), s));
  });
}

function packagesReachedFrom(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    for (const target of staticImports(file)) {
      if (target.endsWith('.ts')) queue.push(target);
      else if (!target.startsWith('node:')) packages.add(target);
    }
  }
  return packages;
}

describe('what `axepilot poll` loads', () => {
  it('reaches no package', () => {
    expect([...packagesReachedFrom(['src/cli.ts', 'src/cli/poll.ts'])]).toEqual([]);
  });

  it('sees a package behind a chain of imports (the check itself works)', () => {
    expect(packagesReachedFrom(['src/config/load.ts']).has('zod')).toBe(true);
    expect(packagesReachedFrom(['src/main.ts']).has('pino')).toBe(true);
    expect(packagesReachedFrom(['src/axeos/http-transport.ts']).has('undici')).toBe(true);
  });
});
