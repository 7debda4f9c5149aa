/**
 * The whole service (startService from src/main.ts) watching simulated miners on 127.0.0.1, with the real telegraf
 * talking to the fake Telegram Bot API, for end-to-end tests of alerts: fault in the simulator → poll → rule → outbox
 * → dispatcher → send queue → sendMessage.
 *
 * Time is real, with short intervals. Where a rule's "for" is fixed in code (a fan failure must last 30 s), the
 * shared clock jumps ahead instead of the test waiting: `JumpClock.jump` moves "now" for the service and the
 * simulators alike, while sleeps keep their wall-time length.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import type { ModelId } from '../../../src/axeos/models.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { JumpClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import type { SimulatedMiner } from '../../../src/sim/device.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../../fakes/telegram-bot-api.js';

/** The chat named in `chat.telegram.alertChatIds`. */
export const ALERT_CHAT = 7001;
/** A viewer who subscribes their own chat. */
export const VIEWER = 7002;
export const ADMIN = 7003;

/** What a person reads: tags dropped, entities decoded. */
export function readable(html: string | undefined): string {
  return (html ?? '').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface AlertRig {
  fake: FakeTelegram;
  clock: JumpClock;
  config: Config;
  logLines: string[];
  /** The running service; replaced by `restart()`. */
  service: RunningService;
  sim(name: string): SimulatedMiner;
  /** Stops the service and starts a new one on the same database file: a process restart. */
  restart(between?: () => Promise<void> | void): Promise<void>;
  /** The next good poll of `miner` that satisfies `match`. */
  sample(miner: string, match?: (t: Telemetry) => boolean, timeoutMs?: number): Promise<Telemetry>;
  /** The bot's messages in `chatId` whose text contains `fragment`, as they stand now. */
  messages(chatId: number, fragment: string): SentMessage[];
  /** Waits for the first message in `chatId` containing `fragment`. */
  message(chatId: number, fragment: string, timeoutMs?: number): Promise<SentMessage>;
  /** A user types a command; resolves with the bot's answer containing `expect`. */
  command(chatId: number, userId: number, text: string, expect: string): Promise<SentMessage>;
  close(): Promise<void>;
}

export async function startAlertRig(models: ModelId[]): Promise<AlertRig> {
  const fake = await startFakeTelegram({ pollHoldMs: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-alerts-'));
  const clock = new JumpClock();
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  let sims: SimFleet | null = null;
  let service: RunningService | null = null;
  try {
    sims = await startSimFleet({ models, clock });
    // Switched on a quarter of an hour ago: hashing steadily, past every boot grace.
    clock.jump(15 * 60_000);
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'),
        miners: sims.miners.map((m) => ({ name: m.name, host: m.url })),
        timezone: 'UTC',
        chat: {
          admins: [`telegram:${ADMIN}`],
          viewers: [`telegram:${VIEWER}`],
          telegram: { token: fake.token, apiRoot: fake.apiRoot, alertChatIds: [ALERT_CHAT] },
        },
        alerts: { groupWindowSeconds: 0, repeatMinutes: 0 },
      },
      {},
    );
    // Below what the schema lets an owner set, so a test takes seconds rather than minutes.
    config.pollIntervalSeconds = 0.5;
    config.alerts.flatlineMinutes = 0.02;
    config.alerts.offlineSeconds = 1;
    const start = async (): Promise<RunningService> => {
      const started = await startService({ config, log, clock, cwd: dir });
      await started.collector.whenAllPolled();
      return started;
    };
    service = await start();
    const fleet = sims;
    const rig: AlertRig = {
      fake, clock, config, logLines, service,
      sim: (name) => {
        const found = fleet.miners.find((m) => m.name === name);
        if (!found) throw new Error(`no simulated miner ${name}`);
        return found.device;
      },
      restart: async (between) => {
        await rig.service.stop();
        await between?.();
        rig.service = await start();
      },
      sample: (miner, match = () => true, timeoutMs = 5_000) =>
        new Promise<Telemetry>((resolve, reject) => {
          const timer = setTimeout(() => {
            off();
            reject(new Error(`no matching poll of ${miner} within ${timeoutMs} ms`));
          }, timeoutMs);
          const off = rig.service.collector.bus.on('sample', ({ miner: ref, telemetry }) => {
            if (ref.name !== miner || !match(telemetry)) return;
            clearTimeout(timer);
            off();
            resolve(telemetry);
          });
        }),
      messages: (chatId, fragment) => fake.sent(chatId).filter((m) => readable(m.text).includes(fragment)),
      message: (chatId, fragment, timeoutMs = 8_000) =>
        fake.waitFor(() => rig.messages(chatId, fragment)[0], timeoutMs, `a message containing "${fragment}" in chat ${chatId}`),
      command: (chatId, userId, text, expect) => {
        fake.sendUserMessage({ chatId, userId, text });
        return rig.message(chatId, expect);
      },
      close: async () => {
        await rig.service.stop();
        await fleet.close();
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return rig;
  } catch (error) {
    await service?.stop();
    await sims?.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

