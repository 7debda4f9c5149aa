/**
 * The console as a chat of its own: a prompt that survives log lines, the routine log in a file, alerts and replies
 * where the owner is looking, no rate limit for the person at the terminal, and file names that stay in data/out.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_PROMPT } from '../../../src/chat/console/adapter.js';
import { ConsoleScreen } from '../../../src/chat/console/screen.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { createConsoleLogger, silentLogger, type Logger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a terminal would show: escape sequences dropped, carriage returns honoured per line. */
function visible(raw: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = raw.replace(/\x1b\[1?G/g, '\r').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  return plain.split('\n').map((line) => line.split('\r').at(-1) ?? '');
}

let service: RunningService | null = null;
let sims: SimFleet | null = null;
let dir = '';

afterEach(async () => {
  await service?.stop();
  service = null;
  await sims?.close();
  sims = null;
  rmSync(dir, { recursive: true, force: true });
});

async function startWithConsole(options: { interactive: boolean; minerName: string; log?: (screen: ConsoleScreen) => Logger; outDir?: string }) {
  dir = mkdtempSync(join(tmpdir(), 'axepilot-console-chat-'));
  sims = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const screen = new ConsoleScreen(output, options.interactive);
  const config = parseConfig({
    database: join(dir, options.outDir ?? 'data', 'axepilot.db'),
    miners: [{ name: options.minerName, host: sims.miners[0]?.url ?? '' }],
    alerts: { groupWindowSeconds: 0 },
  }, {});
  const logFile = join(dir, 'data', 'axepilot.log');
  const log = options.log?.(screen) ?? silentLogger();
  service = await startService({ config, log, console: { input, output, screen, logFile } });
  await service.collector.whenAllPolled();
  return { input, log, logFile, printed: () => printed };
}

describe('the console chat', () => {
  it('keeps the prompt and what the owner typed below a log line, and sends routine log lines to the log file', async () => {
    const loggers: Logger[] = [];
    const run = await startWithConsole({
      interactive: true, minerName: 'gamma',
      log: (screen) => {
        const logger = createConsoleLogger({ file: join(dir, 'data', 'axepilot.log'), terminal: screen });
        loggers.push(logger);
        return logger;
      },
    });
    const logger = loggers[0];
    await until(() => run.printed().includes(CONSOLE_PROMPT), 'the prompt');
    expect(run.printed()).toContain(`The log goes to ${run.logFile}`);

    run.input.write('/stat');
    await until(() => visible(run.printed()).at(-1) === `${CONSOLE_PROMPT}/stat`, 'the typed text');
    logger?.info('a routine line');
    logger?.warn('gamma is offline');
    await until(() => run.printed().includes('gamma is offline'), 'the warning');
    const lines = visible(run.printed());
    expect(lines.at(-2)).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: gamma is offline$/);
    expect(lines.at(-1)).toBe(`${CONSOLE_PROMPT}/stat`);
    expect(run.printed()).not.toContain('a routine line');
    await until(() => readFileSync(run.logFile, 'utf8').includes('a routine line'), 'the log file');

    run.input.write('us\r');
    await until(() => run.printed().includes('Fleet: 1 of 1 online'), 'the status reply');
    expect(visible(run.printed()).at(-1)).toBe(CONSOLE_PROMPT);
  }, 30_000);

  it('delivers alerts here: /subscribe and /alerttest work without a bot token', async () => {
    const run = await startWithConsole({ interactive: false, minerName: 'gamma' });
    run.input.write('/subscribe\n');
    await until(() => run.printed().includes('This chat now receives'), 'subscribed');
    run.input.write('/alerttest\n');
    await until(() => run.printed().includes('Test alert from axepilot, asked for by console'), 'the test alert itself');
    expect(run.printed()).not.toContain('cannot be delivered');
  }, 30_000);

  it('answers every one of many quick commands (the local admin has no rate limit)', async () => {
    const run = await startWithConsole({ interactive: false, minerName: 'gamma' });
    for (let i = 0; i < 20; i++) run.input.write('/whoami\n');
    await until(() => (run.printed().match(/admin/g) ?? []).length >= 20, 'twenty answers');
    expect(run.printed()).not.toContain('Too many commands');
  }, 30_000);

  it('writes charts of a miner called ../escape inside data/out', async () => {
    const run = await startWithConsole({ interactive: false, minerName: '../escape' });
    run.input.write('/chart ../escape temp 1h\n');
    await until(() => /→ (\S+\.png)/.test(run.printed()), 'chart path');
    const png = /→ (\S+\.png)/.exec(run.printed())?.[1] ?? '';
    expect(dirname(png)).toBe(join(dir, 'data', 'out'));
    expect(existsSync(png)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['data']);
  }, 30_000);

  it('says so when a command fails outside the command itself, instead of going silent', async () => {
    const run = await startWithConsole({ interactive: false, minerName: 'gamma', outDir: 'blocked' });
    // data/out cannot be made: a file stands where the folder should be.
    writeFileSync(join(dir, 'blocked', 'out'), 'not a folder');
    run.input.write('/chart gamma temp 1h\n');
    await until(() => run.printed().includes('That did not work'), 'a failure message');
    expect(run.printed()).toMatch(/That did not work: .*(EEXIST|ENOTDIR)/);
  }, 30_000);

  it('says when a line is not a command', async () => {
    const run = await startWithConsole({ interactive: false, minerName: 'gamma' });
    run.input.write('/1x\n');
    await until(() => run.printed().includes('is not a command'), 'the answer');
  }, 30_000);
});
