import { afterEach, describe, expect, it } from 'vitest';
import type { InfoAnswer } from '../../../src/axeos/client.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { parseConfig } from '../../../src/config/load.js';
import { decide, LIVE_OPTIMIZER, liveOptimizerLoop } from '../../../bench/autopilot/live-optimizer.js';
import { openBaselineRig, type BaselineRig } from '../../../bench/autopilot/policy.js';
import { SEED, seedLoop } from '../../../bench/autopilot/seed-autopilot.js';
import type { DeviceBenchmark } from '../../../bench/autopilot/benchmark.js';

const config = parseConfig({ timezone: 'UTC', limits: { allowOverclock: true, maxFrequencyMhz: 800, maxCoreVoltageMv: 1300 } }, {});
const noBenchmark = {} as DeviceBenchmark;

/** What the miner would answer, with the fields the baselines read. */
function answer(raw: Record<string, unknown>): InfoAnswer {
  return { raw, telemetry: {} as InfoAnswer['telemetry'], implausible: [] };
}

describe('the seed autopilot loop (research T&M §2.1)', () => {
  let rig: BaselineRig | undefined;
  afterEach(async () => {
    await rig?.guard.stop();
    rig?.store.close();
    rig = undefined;
  });

  async function start(): Promise<{ rig: BaselineRig; clock: VirtualClock; tick: ReturnType<typeof seedLoop> }> {
    const clock = new VirtualClock();
    rig = await openBaselineRig({ spec: { name: 'gamma', model: 'gamma', seed: 1, firmware: '2.12' }, clock, config, benchmark: noBenchmark });
    const tick = seedLoop(rig, {
      fallback: { frequencyMhz: 525, coreVoltageMv: 1090 }, floorMhz: 400, floorMv: 1000, tempLimitC: SEED.tempLimitC, tempOverheatC: SEED.tempOverheatC,
    });
    return { rig, clock, tick };
  }

  it('steps −25 MHz / −10 mV with auto fan at 73 °C, on every tick while hot, and never back up', async () => {
    const { rig, clock, tick } = await start();
    await tick(answer({ temp: 73.2, hashRate: 1500, frequency: 750, coreVoltage: 1230 }), clock.now());
    expect(rig.device.state().settings).toMatchObject({ frequencyMhz: 725, coreVoltageMv: 1220, fanMode: 1 });
    await clock.advance(SEED.tickMs);
    await tick(answer({ temp: 73.0, hashRate: 1450, frequency: 725, coreVoltage: 1220 }), clock.now());
    expect(rig.device.state().settings).toMatchObject({ frequencyMhz: 700, coreVoltageMv: 1210 });
    await clock.advance(SEED.tickMs);
    await tick(answer({ temp: 55, hashRate: 1400, frequency: 700, coreVoltage: 1210 }), clock.now());
    expect(rig.device.state().settings).toMatchObject({ frequencyMhz: 700, coreVoltageMv: 1210 });
    expect(rig.guard.auditLog({ miner: 'gamma', limit: 10 }).filter((e) => e.action === 'set' && e.result === 'ok')).toHaveLength(2);
  });

  it('at 75 °C falls back with the fan on manual 100 % and restarts', async () => {
    const { rig, clock, tick } = await start();
    await tick(answer({ temp: 75, hashRate: 1500, frequency: 750, coreVoltage: 1230 }), clock.now());
    expect(rig.device.state().settings).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1090, fanMode: 0, manualFanPct: 100 });
    expect(rig.guard.auditLog({ miner: 'gamma', limit: 10 }).map((e) => e.action)).toContain('restart');
  });

  it('restarts a miner whose hashrate has been 0 for more than 300 s, not before', async () => {
    const { rig, clock, tick } = await start();
    const restarts = (): number => rig.guard.auditLog({ miner: 'gamma', limit: 50 }).filter((e) => e.action === 'restart').length;
    for (let i = 0; i <= 10; i++) {
      await tick(answer({ temp: 60, hashRate: 0, frequency: 525, coreVoltage: 1150 }), clock.now());
      if (i === 10) break;
      await clock.advance(SEED.tickMs);
    }
    expect(restarts()).toBe(0);
    await clock.advance(SEED.tickMs);
    await tick(answer({ temp: 60, hashRate: 0, frequency: 525, coreVoltage: 1150 }), clock.now());
    expect(restarts()).toBe(1);
  });
});

describe("Kywalh's LiveOptimizer decision engine (research T&M §2.5)", () => {
  const window = (over: Partial<{ temp: number; vr: number; err: number; freq: number; vcore: number; rising: number }> = {}): Array<{ ts: number; temp: number; vr: number; err: number; freq: number; vcore: number }> =>
    Array.from({ length: 12 }, (_, i) => ({
      ts: i * 5, temp: (over.temp ?? 60) + (over.rising ?? 0) * i * 5, vr: over.vr ?? 60, err: over.err ?? 0.2,
      freq: over.freq ?? 700, vcore: over.vcore ?? 1200,
    }));

  it('follows its priority rules on the window means', () => {
    expect(decide(window({ temp: 68 }))).toMatchObject({ action: 'FREQ_DOWN', frequencyMhz: 675, reason: 'temp_hard' });
    expect(decide(window({ vr: 82 }))).toMatchObject({ action: 'FREQ_DOWN', reason: 'temp_hard' });
    expect(decide(window({ temp: 68, freq: 400 }))).toMatchObject({ action: 'VCORE_DOWN', coreVoltageMv: 1190 });
    expect(decide(window({ temp: 65, rising: 0.02 }))).toMatchObject({ action: 'FREQ_DOWN', reason: 'slope_exceeded' });
    expect(decide(window({ temp: 60, rising: 0.02 }))).toMatchObject({ action: 'NO_CHANGE' });
    expect(decide(window({ err: 1.3 }))).toMatchObject({ action: 'FREQ_DOWN', reason: 'err_crit' });
    expect(decide(window({ err: 1.0 }))).toMatchObject({ action: 'FREQ_DOWN', reason: 'err_high' });
    expect(decide(window({ temp: 64, err: 0.1 }))).toMatchObject({ action: 'NO_CHANGE', reason: 'stable' });
    expect(decide(window().slice(0, LIVE_OPTIMIZER.minValid - 1))).toMatchObject({ action: 'NO_CHANGE', reason: 'window_insufficient' });
  });

  it('decides once every 12 polls, and not at all on firmware without errorPercentage', async () => {
    const clock = new VirtualClock();
    const rig = await openBaselineRig({ spec: { name: 'gamma', model: 'gamma', seed: 1, firmware: '2.12' }, clock, config, benchmark: noBenchmark });
    try {
      const writes = (): number => rig.guard.auditLog({ miner: 'gamma', limit: 50 }).filter((e) => e.action === 'set').length;
      const old = liveOptimizerLoop(rig);
      for (let i = 0; i < 24; i++) await old(answer({ temp: 70, vrTemp: 60, frequency: 700, coreVoltage: 1200 }), clock.now() + i * 5000);
      expect(writes()).toBe(0);
      const tick = liveOptimizerLoop(rig);
      for (let i = 0; i < 11; i++) await tick(answer({ temp: 70, vrTemp: 60, errorPercentage: 0.2, frequency: 700, coreVoltage: 1200 }), clock.now() + i * 5000);
      expect(writes()).toBe(0);
      await tick(answer({ temp: 70, vrTemp: 60, errorPercentage: 0.2, frequency: 700, coreVoltage: 1200 }), clock.now() + 60_000);
      expect(writes()).toBe(1);
      expect(rig.device.state().settings.frequencyMhz).toBe(675);
    } finally {
      await rig.guard.stop();
      rig.store.close();
    }
  });
});
