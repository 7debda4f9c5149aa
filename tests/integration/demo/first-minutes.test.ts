/**
 * What `npm start` shows a newcomer in the demo's first minutes, end to end: the real service with the console on
 * in-memory streams (as start.ts wires a terminal), three simulated miners on 127.0.0.1 with a day of history, a
 * chart, and the scripted warm afternoon on ultra raising and resolving its alert. The transcript is compared with
 * the README's, numbers and times aside, so the README keeps telling the truth. `UPDATE_README=1` rewrites it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleScreen } from '../../../src/chat/console/screen.js';
import { parseConfig } from '../../../src/config/load.js';
import { JumpClock } from '../../../src/core/clock.js';
import { createConsoleLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';

const README = join(import.meta.dirname, '../../../README.md');
const START = '<!-- first-minutes transcript: kept true by tests/integration/demo/first-minutes.test.ts -->';
const END = '<!-- end of transcript -->';

let dir = '';
let service: RunningService;
const clock = new JumpClock();
const input = new PassThrough();
let transcript = '';

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; the console shows:\n${transcript}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The owner types a line; the terminal would show it after the prompt. */
async function type(line: string, answer: string | RegExp): Promise<void> {
  transcript += `axepilot> ${line}\n`;
  const before = transcript.length;
  input.write(`${line}\n`);
  await until(() => {
    const after = transcript.slice(before);
    return typeof answer === 'string' ? after.includes(answer) : answer.test(after);
  }, `the answer to ${line}`);
}

/** Moves "now" on for the service and the simulated miners alike, a little at a time, as the minutes would pass. */
async function pass(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 15_000) {
    clock.jump(Math.min(left, 15_000));
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Numbers, times, ports and temp paths vary from run to run; the words and the layout may not. */
function normalized(text: string): string {
  return text
    .split(dir).join('')
    .replace(/^\//gm, '')
    .replace(/→ \//g, '→ ')
    .replace(/\d[\d,.:T-]*Z?/g, '#')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'axepilot-first-minutes-'));
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
  const screen = new ConsoleScreen(output, false);
  const config = parseConfig({ database: join(dir, 'data', 'axepilot.db') }, {});
  const logFile = join(dir, 'data', 'axepilot.log');
  const log = createConsoleLogger({ file: logFile, terminal: screen });
  service = await startService({ config, log, clock, cwd: dir, console: { input, output, screen, logFile: 'data/axepilot.log' } });
  await service.collector.whenAllPolled(20_000);
}, 60_000);

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo's first minutes", () => {
  it('starts with a day of history from the simulated miners, rolled up for long charts', () => {
    const now = clock.now();
    for (const name of ['gamma', 'supra', 'ultra']) {
      const record = service.store.miners.byName(name);
      expect(record, name).not.toBeNull();
      const samples = service.store.samples.range(record?.id ?? 0, now - 86_400_000, now - 60_000);
      expect(samples.length, name).toBeGreaterThan(8_000);
      expect((samples[0]?.ts ?? now) - (now - 86_400_000), name).toBeLessThan(60_000);
      expect(service.store.rollups.range('hour', record?.id ?? 0, now - 86_400_000, now).length, name).toBeGreaterThanOrEqual(23);
    }
  });

  it('shows the status, a chart of the day, and the warm afternoon raising and resolving an alert', async () => {
    await type('/status', 'Fleet: 3 of 3 online');
    await type('/chart gamma temp', /chart-gamma-temp-24h\.png/);
    const png = /→ (\S+chart-gamma-temp-24h\.png)/.exec(transcript)?.[1] ?? '';
    expect(existsSync(png)).toBe(true);

    await pass(25_000);
    await until(() => transcript.includes('warms up to 48 °C'), 'the warm afternoon');
    await pass(60_000);
    await until(() => /🟠 ultra: chip \d+\.\d °C \(warning ≥ 70 °C\)/.test(transcript), 'the alert');
    await pass(4 * 60_000);
    await until(() => transcript.includes('door is open again'), 'the cool down');
    await pass(2 * 60_000);
    await until(() => /🟢 ultra: chip temperature back to/.test(transcript), 'the resolution');
  }, 120_000);

  it("matches the README's transcript", () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    const shown = `\`\`\`text\n${transcript.split(dir).join('').replace(/→ \//g, '→ ').trimEnd()}\n\`\`\``;
    if (process.env.UPDATE_README === '1' && start >= 0 && end > start) {
      writeFileSync(README, `${readme.slice(0, start + START.length)}\n${shown}\n${readme.slice(end)}`);
      return;
    }
    expect(start, `README.md has no "${START}" block`).toBeGreaterThan(0);
    const block = readme.slice(start + START.length, end).replace(/^\s*```text\n/, '').replace(/```\s*$/, '');
    expect(normalized(transcript)).toBe(normalized(block));
  });
});
