/** `axepilot config check` with notification channels: their secrets, from the file or the environment, never printed. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/axepilot.js', import.meta.url).pathname;

function axepilot(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('config check with notification channels', () => {
  it('prints every channel with its secrets and the webhook path redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-notify-check-'));
    dirs.push(dir);
    const config = join(dir, 'axepilot.yaml');
    writeFileSync(config, [
      'notify:',
      '  ntfy: { enabled: true, url: "https://ntfy.example.org", topic: miners, token: tk_FileNtfySecret }',
      '  webhook: { enabled: true, url: "http://127.0.0.1:8123/api/webhook/HookPathSecret" }',
      '  email: { enabled: true, host: smtp.example.org, from: axepilot@example.org, to: [me@example.org] }',
      '  pushover: { enabled: true }',
      '  gotify: { enabled: true, url: "http://127.0.0.1:8070" }',
      '',
    ].join('\n'));
    const secrets = {
      AXEPILOT_WEBHOOK_SECRET: 'EnvHmacSecret', AXEPILOT_SMTP_USERNAME: 'mailer', AXEPILOT_SMTP_PASSWORD: 'EnvSmtpSecret',
      AXEPILOT_PUSHOVER_TOKEN: 'EnvPushoverToken', AXEPILOT_PUSHOVER_USER: 'EnvPushoverUser', AXEPILOT_GOTIFY_TOKEN: 'EnvGotifyToken',
    };
    const { code, stdout, stderr } = await axepilot(['config', 'check'], { AXEPILOT_CONFIG: config, ...secrets });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const secret of ['FileNtfySecret', 'HookPathSecret', 'EnvHmacSecret', 'EnvSmtpSecret', 'EnvPushoverToken', 'EnvPushoverUser', 'EnvGotifyToken']) {
      expect(stdout).not.toContain(secret);
    }
    expect(stdout).toContain('url: http://127.0.0.1:8123/[REDACTED]');
    expect(stdout).toContain('username: mailer');
    expect(stdout.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(7);
  }, 60_000);
});
