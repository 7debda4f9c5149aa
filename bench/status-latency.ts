/**
 * How fast `/status` is answered on Telegram with 10 miners: the real service (collector, store, router, telegraf,
 * send queue) against the fake Bot API on 127.0.0.1, timed by the fake from the moment it hands the update out in
 * getUpdates to the moment the sendMessage request arrives. Nothing subtracted: telegraf's polling, the router,
 * rendering, the send queue and both HTTP hops are all in the figure. Target: ≤ 50 ms (median).
 * Run alone with `node --import tsx bench/status-latency.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelId } from '../src/axeos/models.js';
import { parseConfig } from '../src/config/load.js';
import { RealClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { startService, type RunningService } from '../src/main.js';
import { startSimFleet } from '../src/sim/fleet.js';
import { startFakeTelegram, type FakeTelegram } from '../tests/fakes/telegram-bot-api.js';
import type { Figure } from './figure.js';

const MODELS: ModelId[] = ['gamma', 'gamma', 'supra', 'supra', 'ultra', 'hex', 'suprahex', 'gammaduo', 'gammagt', 'nerdqaxe++'];
const RUNS = 20;
const WARM_UP_RUNS = 3;
/** Each run comes from its own admin in their own chat, so neither the per-user command limit nor Telegram's one message per second per chat is what gets measured. */
const FIRST_ADMIN = 5001;

export async function benchStatusLatency(): Promise<Figure[]> {
  const clock = new RealClock();
  const highResolutionNow = (): number => performance.timeOrigin + performance.now();
  const fake = await startFakeTelegram({ pollHoldMs: 5_000, now: highResolutionNow });
  const sims = await startSimFleet({ models: MODELS, clock });
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-status-'));
  let service: RunningService | null = null;
  try {
    const admins = Array.from({ length: RUNS + WARM_UP_RUNS }, (_, i) => FIRST_ADMIN + i);
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'),
        pollIntervalSeconds: 2,
        miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
        chat: { admins: admins.map((id) => `telegram:${id}`), telegram: { token: fake.token, apiRoot: fake.apiRoot } },
      },
      {},
    );
    service = await startService({ config, log: silentLogger(), cwd: dir, clock });
    await service.collector.whenAllPolled(15_000);

    const latencies: number[] = [];
    for (const [run, admin] of admins.entries()) {
      const latency = await timeOneStatus(fake, admin);
      if (run >= WARM_UP_RUNS) latencies.push(latency);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    return [
      {
        name: `telegram /status, ${MODELS.length} miners, update → sendMessage`,
        value: round(at(0.5)),
        unit: 'ms',
        note: `median of ${RUNS} (target ≤ 50); min ${round(sorted[0] ?? Number.NaN)}, p90 ${round(at(0.9))}, max ${round(sorted.at(-1) ?? Number.NaN)}`,
      },
    ];
  } finally {
    await service?.stop();
    await sims.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One `/status` from `admin`: from the getUpdates answer that carries it to the arrival of the reply's sendMessage. */
async function timeOneStatus(fake: FakeTelegram, admin: number): Promise<number> {
  const callsBefore = fake.calls.length;
  let handedOutAt = Number.NaN;
  // Checked by the fake right after each answer it writes; the first getUpdates answered after the update was
  // injected is the one that carries it.
  const handedOut = fake.waitFor(
    (calls) => {
      const poll = calls.slice(callsBefore).find((call) => call.method === 'getUpdates' && call.status === 200);
      if (poll && Number.isNaN(handedOutAt)) handedOutAt = fake.now();
      return poll;
    },
    10_000,
    'the getUpdates answer carrying /status',
  );
  fake.sendUserMessage({ chatId: admin, userId: admin, text: '/status' });
  await handedOut;
  const reply = await fake.waitForCall('sendMessage', (call) => Number(call.params.chat_id) === admin, 10_000);
  return reply.at - handedOutAt;
}


function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFigures } = await import('./figure.js');
  printFigures('Telegram /status latency', await benchStatusLatency());
}
