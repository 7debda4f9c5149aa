/**
 * (b) The seed autopilot: the loop of jojo4751/BitaxeAutopilot's "BITAXE Web Management System" v1.0.3
 * (scripts/bitaxe_autopilot.py, utils/autopilot_utils.py; research T&M §2.1), re-implemented step for step. Every
 * 30 s, per miner, on `/api/system/info`:
 *   1. hashrate ≤ 0 → start a downtime timer; past 300 s → POST restart and reset the timer (a reading > 0 resets it);
 *   2. temp ≥ 75 → fallback: PATCH the fallback point with fan manual 100 %, then restart; nothing else this tick;
 *   3. temp ≥ 73 → "adaptive": F − 25 (floor), V − 10 (floor), auto fan on, on every tick while hot (no hysteresis,
 *      no way back up).
 * Its efficiency-drift check only logs, and its routine benchmark first fires 24 h after start, so neither acts
 * within the day. Constants tied to the author's own Gammas become the device's: the fallback (their 750/1150, the
 * bottom of their frequency and voltage lists) is the ladder's lowest rung, the floors (600 MHz / 700 mV, below
 * their lists) are the device's lowest options. It starts the day on the ladder's top rung (their "max" profile).
 */
import type { InfoAnswer } from '../../src/axeos/client.js';
import type { Actor } from '../../src/control/guard.js';
import { openBaselineRig, runLoop, startAt, tryApply, tryRestart, type BaselineRig, type DayRun, type Policy, type PolicySetup } from './policy.js';

export const SEED = {
  tickMs: 30_000,
  tempLimitC: 73,
  tempOverheatC: 75,
  frequencyStepMhz: 25,
  voltageStepMv: 10,
  zeroHashRebootAfterS: 300,
} as const;

const ACTOR: Actor = { kind: 'autopilot', id: 'seed-autopilot', name: 'seed autopilot' };

export interface SeedPoints {
  fallback: { frequencyMhz: number; coreVoltageMv: number };
  floorMhz: number;
  floorMv: number;
  /** Its config's `temp_limit` / `temp_overheat` (73 / 75 as shipped). */
  tempLimitC: number;
  tempOverheatC: number;
}

/** The loop itself, over any rig: what one tick does with one reading. */
export function seedLoop(rig: BaselineRig, points: SeedPoints): (answer: InfoAnswer | null, now: number) => Promise<void> {
  let downSince: number | null = null;
  return async (answer, now) => {
    if (!answer) return; // fetch_data failed: `continue`
    const { raw } = answer;
    const temp = numberOr(raw.temp, 0);
    const hashrate = numberOr(raw.hashRate, 0);
    const frequency = numberOr(raw.frequency, 0);
    const voltage = numberOr(raw.coreVoltage, 0);
    if (hashrate <= 0) {
      if (downSince === null) downSince = now;
      else if ((now - downSince) / 1000 > SEED.zeroHashRebootAfterS) {
        if (await tryRestart(rig, ACTOR)) downSince = null;
      }
    } else {
      downSince = null;
    }
    if (temp >= points.tempOverheatC) {
      await tryApply(rig, ACTOR, { ...points.fallback, fanPct: 100, autoFan: false }, `overheat ${temp} °C → fallback`);
      await tryRestart(rig, ACTOR);
      return;
    }
    if (temp >= points.tempLimitC) {
      await tryApply(rig, ACTOR, {
        frequencyMhz: Math.max(frequency - SEED.frequencyStepMhz, points.floorMhz),
        coreVoltageMv: Math.max(voltage - SEED.voltageStepMv, points.floorMv),
        autoFan: true,
      }, `adaptive at ${temp} °C`);
    }
  };
}

function seedPolicy(options: { name: string; describe: string; thresholds: (setup: PolicySetup) => { tempLimitC: number; tempOverheatC: number } }): Policy {
  return {
    name: options.name,
    describe: options.describe,
    open: (setup) => openSeed(setup, options.thresholds(setup)),
  };
}

/** As shipped: 73 / 75 °C. */
export const seedAutopilotPolicy = seedPolicy({
  name: 'seed',
  describe: 'the seed "BITAXE Web Management System" autopilot loop as shipped (30 s, 73/75 °C, −25 MHz/−10 mV, fallback + restart, zero-hash restart after 300 s)',
  thresholds: () => ({ tempLimitC: SEED.tempLimitC, tempOverheatC: SEED.tempOverheatC }),
});

/** Its two knobs set to the owner's chip target, keeping their 2 °C gap: overheat at the target, adaptive 2 °C under. */
export const seedAtOwnerLimitsPolicy = seedPolicy({
  name: 'seed@limits',
  describe: 'the same loop with temp_limit / temp_overheat set to the owner\'s chip target − 2 / target',
  thresholds: (setup) => {
    const target = setup.config.autopilot.defaults.chipTargetC;
    return { tempLimitC: target - 2, tempOverheatC: target };
  },
});

async function openSeed(setup: PolicySetup, thresholds: { tempLimitC: number; tempOverheatC: number }): Promise<DayRun> {
    const rig = await openBaselineRig(setup);
    const { ladder, frequencyOptions, voltageOptions } = setup.benchmark;
    const bottom = ladder[0];
    const top = ladder[ladder.length - 1];
    if (!bottom || !top) throw new Error(`${setup.spec.name}: empty ladder`);
    await startAt(rig, top);
    return runLoop(rig, SEED.tickMs, seedLoop(rig, {
      fallback: { frequencyMhz: bottom.frequencyMhz, coreVoltageMv: bottom.coreVoltageMv },
      floorMhz: Math.min(...frequencyOptions),
      floorMv: Math.min(...voltageOptions),
      ...thresholds,
    }));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
