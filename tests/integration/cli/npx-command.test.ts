/**
 * `npx axepilot …` in the repository runs our command from node_modules/.bin, which `npm ci` links (bin/link-command.js
 * from `prepare`). The project's own package.json must not name the command: npm's exec then loads the whole
 * installed tree on every call (about half a second) before it runs anything. Timing is measured by `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

describe('npx axepilot', () => {
  it('is the link npm ci made to bin/axepilot.js, and the package does not name the command itself', () => {
    expect(readlinkSync(join(ROOT, 'node_modules', '.bin', 'axepilot'))).toBe(join('..', '..', 'bin', 'axepilot.js'));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin?: unknown; scripts: Record<string, string> };
    expect(manifest.bin).toBeUndefined();
    expect(manifest.scripts['prepare']).toContain('bin/link-command.js');
  });

  it('answers --help without installing anything', async () => {
    const { stdout } = await run('npx', ['--no-install', 'axepilot', '--help'], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toContain('axepilot — looks after Bitaxe / NerdQAxe miners');
  }, 90_000);
});
