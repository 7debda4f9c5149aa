/**
 * A minute-by-minute trace of one miner's day under one policy, to see why a policy left the limits:
 * `node --import tsx bench/autopilot/trace.ts gamma-5 axepilot-hashrate`. Prints the minutes where the point in force
 * or the oracle's point changed, or a limit was broken (worst chip and ASIC errors of the minute), then every audit
 * row of the day (writes, restarts, pauses, with their reasons).
 */
import { VirtualClock } from '../../src/core/clock.js';
import { parseConfig } from '../../src/config/load.js';
import { POLICIES } from '../autopilot.js';
import { benchmarkDevice } from './benchmark.js';
import { oracleDay } from './oracle.js';
import { AMBIENT_DAY, BEFORE_DAY_MS, clock as clockText, DAY_START, MINUTE_MS, ownerLimits, SCENARIO_CONFIG, SCENARIO_DEVICES } from './scenario.js';

const [deviceName = 'gamma-1', policyName = 'axepilot-hashrate'] = process.argv.slice(2);
const spec = SCENARIO_DEVICES.find((d) => d.name === deviceName);
const policy = POLICIES.find((p) => p.name.replace(/ /g, '-') === policyName);
if (!spec || !policy) {
  throw new Error(`usage: trace.ts <${SCENARIO_DEVICES.map((d) => d.name).join('|')}> <${POLICIES.map((p) => p.name.replace(/ /g, '-')).join('|')}>`);
}
const config = parseConfig(structuredClone(SCENARIO_CONFIG), {});
const benchmark = await benchmarkDevice(spec, config);
const limits = ownerLimits(config, spec.model);
const oracle = oracleDay(spec, benchmark.passing, limits);
const clock = new VirtualClock(DAY_START - BEFORE_DAY_MS);
const run = await policy.open({ spec, clock, benchmark, config });
const { device } = run;
device.setAmbientSchedule(AMBIENT_DAY);
const untilDay = (minute: number): number => DAY_START + minute * MINUTE_MS - clock.now();
if (spec.fanFailure) device.injectFault('fan-failure', { startInMs: untilDay(spec.fanFailure.atMinute), durationMs: spec.fanFailure.minutes * MINUTE_MS });
if (spec.stall) device.injectFault('flatline', { startInMs: untilDay(spec.stall.atMinute), untilRestart: true });
await run.advance(DAY_START - clock.now());
process.stdout.write(`${spec.name} under ${policy.name}; ladder ${benchmark.ladder.map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`).join(' ')}\n`);
let previous = '';
for (let minute = 0; minute < 24 * 60; minute++) {
  let chip = 0;
  let errors = 0;
  for (let i = 0; i < 6; i++) {
    await run.advance(10_000);
    const s = device.state();
    chip = Math.max(chip, s.chipTempC);
    if (s.asicRunning) errors = Math.max(errors, s.errorPct);
  }
  const s = device.state();
  const o = oracle[minute];
  const point = `${s.settings.frequencyMhz}/${s.settings.coreVoltageMv} oracle ${o?.rung ? `${o.rung.frequencyMhz}/${o.rung.coreVoltageMv}` : 'stop'}`;
  const out = chip > limits.chipTargetC || errors > limits.errorMaxPct;
  if (out || point !== previous) {
    process.stdout.write(`${clockText(minute)} room ${o?.ambientC.toFixed(1)} °C  ${point}  chip ≤ ${chip.toFixed(1)}  errors ≤ ${errors.toFixed(2)}  fan ${s.fan.dutyPct.toFixed(0)} %  ${s.hashrateGhs.toFixed(0)} GH/s${out ? '  OUTSIDE' : ''}\n`);
  }
  previous = point;
}
for (const e of run.guard.auditLog({ miner: run.miner, limit: 10_000 }).reverse().filter((a) => a.ts >= DAY_START)) {
  process.stdout.write(`${new Date(e.ts).toISOString().slice(11, 19)} ${e.actor.name ?? e.actor.id} ${e.action} ${e.result} ${JSON.stringify(e.after)} ${e.detail ?? ''}\n`);
}
await run.stop();
