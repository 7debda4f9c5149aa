import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, redactConfig } from '../../../src/config/load.js';
import { axeosPage } from '../../../src/config/host.js';
import { ConfigError } from '../../../src/core/errors.js';

const EXAMPLE = new URL('../../../config/axepilot.example.yaml', import.meta.url).pathname;
const CHANNELS = ['ntfy', 'webhook', 'email', 'pushover', 'gotify'] as const;

/** The keys of `notify.<channel>` as the example file lists them. */
function documentedKeys(text: string, channel: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `  ${channel}:`);
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {4}([a-zA-Z]+):/.exec(line);
    if (!match?.[1]) break;
    keys.push(match[1]);
  }
  return keys;
}

function problemsOf(raw: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(raw, env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
}

describe('notify: config', () => {
  it('documents every key of every channel in the example file, with the default as its value', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const { config } = loadConfig({ AXEPILOT_CONFIG: EXAMPLE });
    for (const channel of CHANNELS) {
      expect(documentedKeys(text, channel).sort(), channel).toEqual(Object.keys(config.notify[channel]).sort());
    }
    expect(config.notify).toEqual(parseConfig({}, {}).notify);
  });

  it('is off by default and names every key an enabled channel lacks, all in one run', () => {
    const defaults = parseConfig({}, {}).notify;
    for (const channel of CHANNELS) expect(defaults[channel].enabled).toBe(false);
    expect(defaults.email).toMatchObject({ minSeverity: 'warning', port: 587, quietHours: null });
    const problems = problemsOf({
      notify: {
        ntfy: { enabled: true },
        webhook: { enabled: true },
        email: { enabled: true },
        pushover: { enabled: true },
        gotify: { enabled: true, url: 'ftp://x' },
      },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'notify.ntfy.topic: is needed when the channel is enabled',
      'notify.webhook.url: is needed when the channel is enabled',
      'notify.email.host: is needed when the channel is enabled',
      'notify.email.from: is needed when the channel is enabled',
      'notify.email.to: is needed when the channel is enabled',
      'notify.pushover.token: is needed when the channel is enabled',
      'notify.pushover.user: is needed when the channel is enabled',
      'notify.gotify.url: must be an http:// or https:// URL',
    ]));
    expect(problemsOf({ notify: { ntfy: { minSeverity: 'loud' } } })).toEqual([expect.stringContaining('notify.ntfy.minSeverity')]);
    expect(problemsOf({ notify: { email: { quietHours: { from: '25:00', to: '07:00' } } } })).toEqual([
      expect.stringContaining('notify.email.quietHours.from: must be HH:MM'),
    ]);
  });

  it('takes the secrets from the environment, as the chat tokens', () => {
    const env = {
      AXEPILOT_NTFY_TOKEN: 'tk_ntfy', AXEPILOT_WEBHOOK_SECRET: 'hooksecret', AXEPILOT_SMTP_USERNAME: 'mailer',
      AXEPILOT_SMTP_PASSWORD: 'smtppass', AXEPILOT_PUSHOVER_TOKEN: 'potoken', AXEPILOT_PUSHOVER_USER: 'pouser',
      AXEPILOT_GOTIFY_TOKEN: 'gotoken',
    };
    const { notify } = parseConfig({}, env);
    expect([notify.ntfy.token, notify.webhook.secret, notify.email.username, notify.email.password]).toEqual(['tk_ntfy', 'hooksecret', 'mailer', 'smtppass']);
    expect([notify.pushover.token, notify.pushover.user, notify.gotify.token]).toEqual(['potoken', 'pouser', 'gotoken']);
  });

  it('never prints a secret, nor the path of a webhook URL (often its secret)', () => {
    const config = parseConfig({
      notify: {
        ntfy: { token: 'tk_NtfySecret' },
        webhook: { url: 'http://127.0.0.1:8123/api/webhook/HookIdSecret', secret: 'HmacSecret' },
        email: { username: 'mailer', password: 'SmtpSecret' },
        pushover: { token: 'PoTokenSecret', user: 'PoUserSecret' },
        gotify: { url: 'http://127.0.0.1:8070', token: 'GotifySecret' },
      },
    }, {});
    const printed = JSON.stringify(redactConfig(config));
    for (const secret of ['NtfySecret', 'HookIdSecret', 'HmacSecret', 'SmtpSecret', 'PoTokenSecret', 'PoUserSecret', 'GotifySecret']) {
      expect(printed).not.toContain(secret);
    }
    expect(redactConfig(config).notify.webhook.url).toBe('http://127.0.0.1:8123/[REDACTED]');
    expect(redactConfig(config).notify.email.username).toBe('mailer');
  });

  it("links a notification to the miner's AxeOS page, never with the address's password", () => {
    expect(axeosPage('http://admin:S3cret@10.0.0.5/')).toBe('http://10.0.0.5/');
    expect(axeosPage('10.0.0.6:8080')).toBe('http://10.0.0.6:8080/');
    expect(axeosPage('sim://gamma')).toBeNull();
  });
});
