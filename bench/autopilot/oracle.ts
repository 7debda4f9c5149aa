/**
 * The oracle: a policy that knows the simulator's silicon and the room. At each minute of the day it runs the
 * highest-hashrate point of the miner's benchmark (any passing point on the firmware's frequency grid: the ladder's
 * rungs and the other voltages measured at each frequency) whose noise-free steady state (the simulator's truth, with the
 * firmware's auto fan, at that minute's ambient, with the fan dead while it is dead) meets every owner limit; none
 * meets them → it stops the ASIC (0 GH/s). What it would hash is the yardstick for every policy's hashrate.
 */
import type { Rung } from '../../src/autopilot/types.js';
import { AmbientSchedule } from '../../src/sim/ambient.js';
import { SimulatedMiner } from '../../src/sim/device.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { SteadyState } from '../../src/sim/truth.js';
import { AMBIENT_DAY, DAY_START, MINUTE_MS, type OwnerLimits, type ScenarioDevice } from './scenario.js';

export interface OracleMinute {
  ambientC: number;
  /** null: no rung is safe (the oracle stops the ASIC). */
  rung: Rung | null;
  hashrateGhs: number;
  powerW: number;
}

export function meetsLimits(s: SteadyState, limits: OwnerLimits, hasVrSensor: boolean): boolean {
  return !s.overheats && s.chipTempC <= limits.chipTargetC && (!hasVrSensor || s.vrTempC <= limits.vrMaxC)
    && s.fanPct <= limits.fanMaxPct && s.powerW <= limits.powerCapW && s.errorPct <= limits.errorMaxPct;
}

export function oracleDay(spec: ScenarioDevice, ladder: readonly Rung[], limits: OwnerLimits): OracleMinute[] {
  // A fresh device of the same seed: factory settings, so the truth's fan is the firmware's auto fan.
  const device = new SimulatedMiner({ model: spec.model, seed: spec.seed, clock: new VirtualClock(DAY_START), firmware: spec.firmware });
  const ambient = AmbientSchedule.from(AMBIENT_DAY, DAY_START);
  const cache = new Map<string, SteadyState>();
  const steady = (rung: Rung, ambientC: number, fanFailed: boolean): SteadyState => {
    const key = `${rung.frequencyMhz}/${rung.coreVoltageMv}/${ambientC.toFixed(2)}/${fanFailed}`;
    let s = cache.get(key);
    if (!s) {
      s = device.truth.steadyState({ frequencyMhz: rung.frequencyMhz, coreVoltageMv: rung.coreVoltageMv, ambientC, fanFailed });
      cache.set(key, s);
    }
    return s;
  };
  const minutes: OracleMinute[] = [];
  for (let minute = 0; minute < 24 * 60; minute++) {
    const ambientC = Math.round(ambient.at(DAY_START + minute * MINUTE_MS + MINUTE_MS / 2) * 20) / 20;
    const fanFailed = spec.fanFailure !== undefined && minute >= spec.fanFailure.atMinute && minute < spec.fanFailure.atMinute + spec.fanFailure.minutes;
    let best: OracleMinute = { ambientC, rung: null, hashrateGhs: 0, powerW: 0 };
    for (const rung of ladder) {
      const s = steady(rung, ambientC, fanFailed);
      if (meetsLimits(s, limits, device.board.hasVrSensor) && s.hashrateGhs > best.hashrateGhs) {
        best = { ambientC, rung, hashrateGhs: s.hashrateGhs, powerW: s.powerW };
      }
    }
    minutes.push(best);
  }
  return minutes;
}
