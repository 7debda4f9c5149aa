import { describe, expect, it } from 'vitest';
import { createLogger, LogLevelError } from '../../../src/core/logger.js';
import { redactSecrets } from '../../../src/core/redact.js';
import { parseConfig, redactConfig } from '../../../src/config/load.js';
import { minerCredentials, minerDeviceKey } from '../../../src/config/host.js';
import { problemsOf } from './problems-of.js';

describe('one device, however its address is written', () => {
  it('is the same device as an IP, a URL with a slash, an explicit port 80 or upper case', () => {
    const keys = ['127.0.0.1:80', 'http://127.0.0.1/', 'HTTP://127.0.0.1:80', '127.0.0.1'].map(minerDeviceKey);
    expect(new Set(keys).size).toBe(1);
    expect(minerDeviceKey('127.0.0.1:24100')).not.toBe(minerDeviceKey('127.0.0.1:24101'));
    expect(minerDeviceKey('http://Bitaxe.local/')).toBe(minerDeviceKey('bitaxe.local'));
  });

  it('configured twice is refused with both entries named, once per repeat', () => {
    const problems = problemsOf({
      miners: [
        { name: 'gamma', host: '127.0.0.1:24100' },
        { name: 'gamma-again', host: 'http://127.0.0.1:24100/' },
        { name: 'supra', host: 'http://admin:pw@127.0.0.1:24100' },
        { name: 'ultra', host: '127.0.0.1:24102' },
      ],
    });
    expect(problems).toEqual([
      'miners[1].host: "http://127.0.0.1:24100/" is the same device as miners[0] ("gamma", 127.0.0.1:24100); list each miner once',
      'miners[2].host: "http://[REDACTED]@127.0.0.1:24100" is the same device as miners[0] ("gamma", 127.0.0.1:24100); list each miner once',
    ]);
  });

  it('refuses a query or fragment in a miner URL, which would never reach the miner', () => {
    const problems = problemsOf({ miners: [{ name: 'gamma', host: 'http://127.0.0.1:24100/?token=QuerySecret' }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^miners\[0\]\.host: has a query/);
  });
});

describe('credentials', () => {
  it('in a miner URL become basic auth, percent-decoded', () => {
    expect(minerCredentials('http://admin:S3cret%40x@10.0.0.5/')).toEqual({ username: 'admin', password: 'S3cret@x' });
    expect(minerCredentials('10.0.0.5')).toBeNull();
  });

  it('are redacted from any URL in text: user:password and query values', () => {
    expect(redactSecrets('GET http://admin:S3cret@10.0.0.5:80/api?token=abc&x=1 failed')).toBe(
      'GET http://[REDACTED]@10.0.0.5:80/api?token=[REDACTED]&x=[REDACTED] failed',
    );
    expect(redactSecrets('no url here, a=b')).toBe('no url here, a=b');
  });

  it('are redacted from every text of the effective configuration', () => {
    const config = parseConfig({
      miners: [{ name: 'gamma', host: 'http://admin:S3cretMinerPass@127.0.0.1:24100/' }],
      chat: { telegram: { token: 'T', apiRoot: 'http://u:ApiPass@127.0.0.1:8081/' }, discord: { token: 'D' } },
    }, {});
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toMatch(/S3cretMinerPass|ApiPass|"T"|"D"/);
    expect(config.miners[0]?.host).toContain('S3cretMinerPass');
  });

  it('are redacted from the fields of a log line, not only its message', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    log.info({ url: 'http://admin:S3cret@10.0.0.5/', err: 'request to http://h/bot123:AAsecret/getMe failed' }, 'x');
    expect(lines.join('')).not.toMatch(/S3cret|AAsecret/);
  });
});

describe('LOG_LEVEL', () => {
  it('that pino does not know is refused with the allowed levels', () => {
    expect(() => createLogger({ level: 'verbose', pretty: false })).toThrow(LogLevelError);
    expect(() => createLogger({ level: 'verbose', pretty: false })).toThrow(
      'LOG_LEVEL=verbose is not a log level; use one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(createLogger({ level: 'WARN ', pretty: false }).level).toBe('warn');
  });
});
