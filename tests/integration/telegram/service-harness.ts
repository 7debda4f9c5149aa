/**
 * The whole service (startService from src/main.ts) with three simulated miners on 127.0.0.1 and the real telegraf
 * talking to the fake Telegram Bot API, for end-to-end tests of chat commands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { RealClock, type Clock } from '../../../src/core/clock.js';
import { createLogger, type Logger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../../fakes/telegram-bot-api.js';

/** Admins (each test uses its own, so per-user command limits never interfere) and one viewer. */
export const ADMIN_IDS = Array.from({ length: 30 }, (_, i) => 1001 + i);
export const VIEWER_ID = 2001;
export const STRANGER_IDS = [3001, 3002, 3003];

export interface ServiceUnderTest {
  fake: FakeTelegram;
  service: RunningService;
  config: Config;
  logLines: string[];
  /** Miner names as the service knows them. */
  minerNames: string[];
  close(): Promise<void>;
}

function captureLogger(lines: string[]): Logger {
  return createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
}

/**
 * A clock for simulated miners that were switched on `minutes` ago: the simulator integrates its physics from the
 * clock's time at construction, so the first poll finds them hashing instead of just booted.
 */
function bootedEarlier(minutes: number): { clock: Clock; settle(): void } {
  const real = new RealClock();
  let shiftMs = minutes * 60_000;
  return {
    clock: { now: () => real.now() - shiftMs, sleep: (ms, signal) => real.sleep(ms, signal) },
    settle: () => {
      shiftMs = 0;
    },
  };
}

export interface ServiceUnderTestOptions {
  /**
   * Demo mode (three simulated miners started by the service itself, just booted) when false; when true, miners
   * configured as `miners:` pointing at simulated ones that have been hashing for a while.
   */
  warmMiners?: boolean;
}

export async function startServiceWithTelegram(options: ServiceUnderTestOptions = {}): Promise<ServiceUnderTest> {
  const fake = await startFakeTelegram({ pollHoldMs: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-telegram-'));
  const logLines: string[] = [];
  let service: RunningService | null = null;
  let sims: SimFleet | null = null;
  try {
    let miners: Array<{ name: string; host: string }> = [];
    if (options.warmMiners) {
      const boot = bootedEarlier(15);
      sims = await startSimFleet({ models: ['gamma', 'supra', 'ultra'], clock: boot.clock });
      boot.settle();
      miners = sims.miners.map((sim) => ({ name: sim.name, host: sim.url }));
    }
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'),
        pollIntervalSeconds: 2,
        demo: true,
        miners,
        timezone: 'UTC',
        chat: {
          admins: ADMIN_IDS.map((id) => `telegram:${id}`),
          viewers: [`telegram:${VIEWER_ID}`],
          telegram: { token: fake.token, apiRoot: fake.apiRoot },
        },
      },
      // Not the test runner's environment: a TELEGRAM_BOT_TOKEN there must not reach the fake.
      {},
    );
    service = await startService({ config, log: captureLogger(logLines), cwd: dir });
    await service.collector.whenAllPolled();
    const running = service;
    const simsToClose = sims;
    return {
      fake, service: running, config, logLines,
      minerNames: running.collector.miners.map((loop) => loop.miner.name),
      close: async () => {
        await running.stop();
        await simsToClose?.close();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await service?.stop();
    await sims?.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}


/** What a person reads: tags dropped, entities decoded. */
export function readable(html: string | undefined): string {
  return (html ?? '').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Waits for the bot's first message in a chat that satisfies `match`. */
export function waitForMessage(
  fake: FakeTelegram,
  chatId: number,
  match: (message: SentMessage) => boolean = () => true,
  timeoutMs = 8_000,
): Promise<SentMessage> {
  return fake.waitFor(() => fake.sent(chatId).find(match), timeoutMs, `a matching message in chat ${chatId}`);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.readUInt32BE(0) !== 0x89504e47 || bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
