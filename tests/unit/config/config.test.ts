import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { formatPath, loadConfig, parseConfig, redactConfig } from '../../../src/config/load.js';
import { minerBaseUrl } from '../../../src/config/schema.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('fills every default from an empty file', () => {
    const config = parseConfig({}, {});
    expect(config.pollIntervalSeconds).toBe(5);
    expect(config.database).toBe('data/axepilot.db');
    expect(config.demo).toBe(true);
    expect(config.retention).toEqual({ rawDays: 7, minuteDays: 90, hourDays: 730, eventDays: 730 });
    expect(config.limits.chipTempCritC).toBe(75);
    expect(config.alerts.repeatMinutes).toBe(60);
    expect(config.chat.telegram.token).toBeNull();
  });

  it('lists every problem at once, each with its path', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          miners: [{ name: 'gamma', host: '192.168.1.20' }, { name: 'supra', host: 'ftp://x' }, { host: '10.0.0.2' }],
          pollIntervalSeconds: 1,
          retention: { rawDays: -1 },
          limits: { chipTempWarnC: 'hot' },
          typo: true,
        },
        {},
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^miners\[1\]\.host: /),
        expect.stringMatching(/^miners\[2\]\.name: /),
        expect.stringMatching(/^pollIntervalSeconds: must be at least 2 seconds/),
        expect.stringMatching(/^retention\.rawDays: /),
        expect.stringMatching(/^limits\.chipTempWarnC: /),
        expect.stringMatching(/typo/),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses duplicate miner names and inverted thresholds', () => {
    const problems = problemsOf(() =>
      parseConfig({ miners: [{ name: 'A', host: 'a' }, { name: 'a', host: 'b' }], limits: { chipTempWarnC: 80, chipTempCritC: 75 } }, {}),
    );
    expect(problems).toEqual([
      'miners[1].name: "a" is already used by miners[0]',
      'limits.chipTempWarnC: 80 °C must be below limits.chipTempCritC (75 °C): the warning comes first',
    ]);
  });

  it('lists problems between fields in the same run as field errors, in plain words', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          miners: [{ name: 'gamma', host: '192.168.1.20' }, { name: 'gamma', host: 'http://192.168.1.20/' }, { host: '10.0.0.2' }],
          limits: { chipTempWarnC: 80, minManualFanPct: 150 },
          chat: { admins: [123456789] },
        },
        {},
      ),
    );
    expect(problems).toEqual(expect.arrayContaining([
      'miners[2].name: is missing (text is needed here)',
      'limits.minManualFanPct: must be at most 100, not 150',
      'chat.admins[0]: write "telegram:123456789" (or "discord:123456789"), in quotes, so axepilot knows which platform the id is from',
      'miners[1].name: "gamma" is already used by miners[0]',
      'miners[1].host: "http://192.168.1.20/" is the same device as miners[0] ("gamma", 192.168.1.20); list each miner once',
      'limits.chipTempWarnC: 80 °C must be below limits.chipTempCritC (75 °C): the warning comes first',
    ]));
    expect(problems).toHaveLength(6);
  });

  it('checks a miner\'s own thresholds against each other too', () => {
    const problems = problemsOf(() => parseConfig({ miners: [{ name: 'attic', host: 'a', limits: { chipTempWarnC: 76 } }] }, {}));
    expect(problems).toEqual(['miners[0].limits.chipTempWarnC: 76 °C must be below miners[0].limits.chipTempCritC (75 °C): the warning comes first']);
  });

  it('takes secrets and the database path from the environment', () => {
    const config = parseConfig({}, { AXEPILOT_DB: '/tmp/x.db', TELEGRAM_BOT_TOKEN: '123:abc', DISCORD_TOKEN: 'd.t' });
    expect(config.database).toBe('/tmp/x.db');
    expect(config.chat.telegram.token).toBe('123:abc');
    expect(redactConfig(config).chat.telegram.token).toBe('[REDACTED]');
    expect(redactConfig(config).chat.discord.token).toBe('[REDACTED]');
  });

  it('reads YAML from AXEPILOT_CONFIG and reports syntax errors with the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-config-'));
    dirs.push(dir);
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'miners:\n  - name: gamma\n    host: 192.168.1.20:8080\npollIntervalSeconds: 10\n');
    const loaded = loadConfig({ AXEPILOT_CONFIG: good });
    expect(loaded.path).toBe(good);
    expect(loaded.config.miners[0]?.host).toBe('192.168.1.20:8080');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'miners: [\n  name: : :\n');
    expect(problemsOf(() => loadConfig({ AXEPILOT_CONFIG: bad }))[0]).toMatch(/^line \d+: /);
    expect(problemsOf(() => loadConfig({ AXEPILOT_CONFIG: join(dir, 'missing.yaml') }))).toEqual(['(file): not found']);
  });

  it('uses defaults when no file exists at the default path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-config-'));
    dirs.push(dir);
    expect(loadConfig({}, dir)).toMatchObject({ path: null, config: { demo: true } });
  });

  it('accepts the documented example file, which names every top-level key', () => {
    const example = new URL('../../../config/axepilot.example.yaml', import.meta.url).pathname;
    const { config } = loadConfig({ AXEPILOT_CONFIG: example });
    const text = readFileSync(example, 'utf8');
    for (const key of Object.keys(config)) expect(text).toMatch(new RegExp(`^#? ?${key}:`, 'm'));
  });

  it('turns what owners type into base URLs', () => {
    expect(minerBaseUrl('192.168.1.20')).toBe('http://192.168.1.20');
    expect(minerBaseUrl('bitaxe.local:8080')).toBe('http://bitaxe.local:8080');
    expect(minerBaseUrl('http://10.0.0.5/')).toBe('http://10.0.0.5');
    expect(() => minerBaseUrl('ftp://x')).toThrow();
    expect(formatPath(['miners', 1, 'host'])).toBe('miners[1].host');
  });
});
