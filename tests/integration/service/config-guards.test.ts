/**
 * The command line refuses what the reliability review found accepted: one device configured twice, a demo over a
 * database of real miners; and `config check` prints no credential it says it redacts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/store.js';

const BIN = new URL('../../../bin/axepilot.js', import.meta.url).pathname;

function axepilot(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('configuration guards on the command line', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempFile(name: string, text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-guards-'));
    dirs.push(dir);
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('config check redacts URL credentials and query secrets, and accepts user:password in a miner URL', async () => {
    const config = tempFile('axepilot.yaml', [
      'miners:',
      '  - name: gamma',
      '    host: http://admin:S3cretMinerPass@127.0.0.1:24100/',
      'chat:',
      '  telegram:',
      '    token: "123456789:AAFakeTokenFakeToken"',
      '    apiRoot: http://apiuser:ApiPassw0rdSecret@127.0.0.1:8081/?key=QuerySecret',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await axepilot(['config', 'check'], { AXEPILOT_CONFIG: config });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const secret of ['S3cretMinerPass', 'admin:', 'ApiPassw0rdSecret', 'apiuser', 'QuerySecret', 'AAFakeToken']) {
      expect(stdout).not.toContain(secret);
    }
    expect(stdout).toContain('host: http://[REDACTED]@127.0.0.1:24100/');
    expect(stdout).toContain('apiRoot: http://[REDACTED]@127.0.0.1:8081/?key=[REDACTED]');
  }, 60_000);

  it('refuses one device configured twice, naming both', async () => {
    const config = tempFile('axepilot.yaml', [
      'miners:',
      '  - { name: gamma, host: "127.0.0.1:24100" }',
      '  - { name: gamma-again, host: "http://127.0.0.1:24100/" }',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await axepilot(['config', 'check'], { AXEPILOT_CONFIG: config });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('miners[1].host: "http://127.0.0.1:24100/" is the same device as miners[0] ("gamma", 127.0.0.1:24100)');
  }, 60_000);

  it('will not run the demo into a database that holds real miners, and says what to do', async () => {
    const database = tempFile('real.db', '');
    const store = openStore({ path: database });
    store.miners.resolveMiner({ mac: '10:F5:12:33:BB:F0', host: 'http://192.168.1.20', name: 'garage-gamma', ts: Date.UTC(2026, 11, 1) });
    store.close();
    const config = tempFile('axepilot.yaml', '');
    const { code, stdout, stderr } = await axepilot(['start'], { AXEPILOT_CONFIG: config, AXEPILOT_DB: database });
    expect(code).toBe(1);
    expect(stderr).toContain('holds the history of 1 real miner (garage-gamma)');
    expect(stderr).toContain('Add your miners to the config file');
    expect(stdout).not.toMatch(/simulated miner|"msg":"polling"/);
    const after = openStore({ path: database });
    try {
      expect(after.miners.list().map((m) => m.name)).toEqual(['garage-gamma']);
    } finally {
      after.close();
    }
  }, 60_000);
});
