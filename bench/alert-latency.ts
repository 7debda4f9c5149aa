/**
 * How long an alert takes to reach Telegram: the real service (collector, alert engine, outbox, dispatcher, telegraf,
 * send queue) watching simulated miners on 127.0.0.1, timed from the moment the simulated device crosses the line to
 * the moment the fake Bot API receives the sendMessage. Scenarios: a flatline (the hashrate drops to 0 when the
 * fault is injected), the firmware's overheat trip (chip past 75 °C), and a miner going silent (timed from the
 * moment it has been silent for the fleet's 30 s offline threshold).
 *
 * Target: ≤ 2 poll intervals plus the rule's "for". The figures here have no "for" (flatline's is set to 0, the
 * overheat rule has none, offline is timed from the end of its threshold) and no group window (`groupWindowSeconds:
 * 0`): those are waits the owner configures, and they add exactly their length. To reach the interesting moment
 * sooner, the shared clock jumps ahead *before* it (a blocked heatsink heating up, the 30 s of silence); nothing is
 * skipped inside a measured interval. Run alone with `node --import tsx bench/alert-latency.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wallSleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { JumpClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { startService, type RunningService } from '../src/main.js';
import type { SimulatedMiner } from '../src/sim/device.js';
import { startSimFleet } from '../src/sim/fleet.js';
import { startFakeTelegram, type FakeTelegram } from '../tests/fakes/telegram-bot-api.js';
import type { Figure } from './figure.js';

const RUNS = 5;
const POLL_INTERVAL_MS = 2_000;
const ALERT_CHAT = 8001;
/** FleetCollector's default: no good poll for this long makes a miner offline. */
const FLEET_OFFLINE_AFTER_MS = 30_000;
/** Telegram allows about one message a second per chat; runs are spaced so the queue never holds an alert back. */
const CHAT_SPACING_MS = 1_100;

const wallNow = (): number => performance.timeOrigin + performance.now();

interface Bench {
  fake: FakeTelegram;
  clock: JumpClock;
  service: RunningService;
  device(name: string): SimulatedMiner;
}

export async function benchAlertLatency(): Promise<Figure[]> {
  const clock = new JumpClock();
  const fake = await startFakeTelegram({ pollHoldMs: 5_000, now: wallNow });
  const sims = await startSimFleet({ models: ['gamma', 'gamma', 'gamma'], clock });
  clock.jump(15 * 60_000);
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-bench-alerts-'));
  let service: RunningService | null = null;
  try {
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'),
        pollIntervalSeconds: POLL_INTERVAL_MS / 1000,
        miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
        timezone: 'UTC',
        // The overheat trip is what is timed; chip temperature alerts on the way there would queue in the same chat.
        limits: { chipTempWarnC: 99, chipTempCritC: 100 },
        chat: { telegram: { token: fake.token, apiRoot: fake.apiRoot, alertChatIds: [ALERT_CHAT] } },
        alerts: { groupWindowSeconds: 0, repeatMinutes: 0 },
        digest: { enabled: false },
      },
      {},
    );
    config.alerts.flatlineMinutes = 0;
    config.alerts.offlineSeconds = 1;
    service = await startService({ config, log: silentLogger(), cwd: dir, clock });
    await service.collector.whenAllPolled(15_000);
    const bench: Bench = {
      fake, clock, service,
      device: (name) => {
        const sim = sims.miners.find((m) => m.name === name);
        if (!sim) throw new Error(`no simulated miner ${name}`);
        return sim.device;
      },
    };
    const results = { flatline: [] as number[], overheat: [] as number[], offline: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      results.flatline.push(await flatlineRun(bench, 'sim-gamma-1'));
      results.overheat.push(await overheatRun(bench, 'sim-gamma-2'));
      results.offline.push(await offlineRun(bench, 'sim-gamma-3'));
    }
    return [
      ...figures('flatline: fault injected → sendMessage', results.flatline),
      ...figures('overheat: firmware trips (chip > 75 °C) → sendMessage', results.overheat),
      ...figures('offline: 30 s silent → sendMessage', results.offline),
    ];
  } finally {
    await service?.stop();
    await sims.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function flatlineRun(bench: Bench, miner: string): Promise<number> {
  const device = bench.device(miner);
  const startedAt = wallNow();
  device.injectFault('flatline');
  const latency = (await alertSent(bench.fake, `${miner}: hashrate 0`)) - startedAt;
  device.clearFault('flatline');
  // The firmware reports a hashrate again a few seconds after the ASIC restarts.
  bench.clock.jump(10_000);
  await alertSent(bench.fake, `${miner}: hashing again`);
  await wallSleep(CHAT_SPACING_MS);
  return latency;
}

async function overheatRun(bench: Bench, miner: string): Promise<number> {
  const device = bench.device(miner);
  device.injectFault('overheat');
  // The blocked heatsink heats up in jumps; the last few degrees before the 75 °C trip happen in real time.
  for (let i = 0; i < 600 && device.state().chipTempC < 72; i++) bench.clock.jump(1_000);
  if (device.state().overheat.mode === 1) throw new Error(`${miner} tripped during a jump: nothing to time`);
  let trippedAt = Number.NaN;
  for (let i = 0; i < 30_000 && Number.isNaN(trippedAt); i++) {
    if (device.state().overheat.mode === 1) trippedAt = wallNow();
    else await wallSleep(2);
  }
  if (Number.isNaN(trippedAt)) throw new Error(`${miner} did not trip`);
  const latency = (await alertSent(bench.fake, `${miner}: overheat mode: the firmware stopped hashing`)) - trippedAt;
  device.clearFault('overheat');
  bench.clock.jump(60_000);
  await alertSent(bench.fake, `${miner}: overheat mode cleared`);
  await wallSleep(CHAT_SPACING_MS);
  return latency;
}

async function offlineRun(bench: Bench, miner: string): Promise<number> {
  const device = bench.device(miner);
  const loop = bench.service.collector.find(miner);
  const lastGoodAt = loop?.health.lastGoodPollAt;
  if (!loop || lastGoodAt === null || lastGoodAt === undefined) throw new Error(`${miner} has no good poll`);
  device.injectFault('offline');
  // Silent until a second before the threshold, then timed from the threshold in real time.
  const thresholdAt = lastGoodAt + FLEET_OFFLINE_AFTER_MS;
  bench.clock.jump(Math.max(0, thresholdAt - 1_000 - bench.clock.now()));
  const thresholdWall = wallNow() + (thresholdAt - bench.clock.now());
  const latency = (await alertSent(bench.fake, `${miner}: offline, no answer`)) - thresholdWall;
  device.clearFault('offline');
  await alertSent(bench.fake, `${miner}: back online`);
  await wallSleep(CHAT_SPACING_MS);
  return latency;
}

/** When the fake received the (successful) sendMessage containing `fragment` for the alert chat. */
async function alertSent(fake: FakeTelegram, fragment: string): Promise<number> {
  const callsBefore = fake.calls.length;
  const call = await fake.waitFor(
    (calls) => calls.slice(callsBefore).find((c) => c.method === 'sendMessage' && c.status === 200 && String(c.params.text).includes(fragment)),
    120_000,
    `an alert containing "${fragment}"`,
  );
  return call.at;
}

function figures(name: string, latencies: number[]): Figure[] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const spread = `min ${Math.round(sorted[0] ?? Number.NaN)}, max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms`;
  return [
    { name, value: Math.round(median), unit: 'ms', note: `median of ${latencies.length}; ${spread}` },
    { name: `${name}, in poll intervals`, value: median / POLL_INTERVAL_MS, unit: 'polls', note: `poll interval ${POLL_INTERVAL_MS / 1000} s; target ≤ 2` },
  ];
}


if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printFigures } = await import('./figure.js');
  printFigures('Alert latency: the miner crosses the line → Telegram receives the alert', await benchAlertLatency());
}
