/**
 * (c) Kywalh/BitaxeLiveOptimizer's decision engine (decision_engine.py, main.py, config.json at HEAD; research T&M
 * §2.5), re-implemented: poll every 5 s into a FIFO of 12 valid samples (temp, vrTemp, errorPercentage, frequency,
 * coreVoltage; a reading missing any of them is not a sample), and every 12th poll decide on the window means,
 * needing ≥ 8 samples, one change at most:
 *   1. ASIC ≥ 68 or VR ≥ 82 → F − 25, or V − 10 when F is at its floor;
 *   2. temperature slope (regression over the window, the larger of ASIC and VR) ≥ 0.01 °C/s while ASIC ≥ 65 or
 *      VR ≥ 78 → F − 25;
 *   3. errors ≥ 1.3 % → F − 25, or V − 10 at the floor; 4. errors ≥ 1.0 % → F − 25;
 *   5. ramp-up: off by default (`allow_ramp_up: false`, "protection-only").
 * Frequency and voltage are written separately (PATCH `frequency` or `coreVoltage`). Its own bounds (400–1100 MHz,
 * 1000–1400 mV) are met by the guard's range; it starts the day on the ladder's top rung.
 */
import type { InfoAnswer } from '../../src/axeos/client.js';
import type { Actor } from '../../src/control/guard.js';
import { openBaselineRig, runLoop, startAt, tryApply, type BaselineRig, type DayRun, type Policy, type PolicySetup } from './policy.js';

export interface LiveOptimizerConfig {
  pollMs: number; windowN: number; applyEveryN: number; minValid: number;
  freqMin: number; freqMax: number; vcoreMin: number; vcoreMax: number; freqStep: number; vcoreStep: number;
  asicSoft: number; asicHard: number; vrSoft: number; vrHard: number; errHigh: number; errCrit: number; slopeLimit: number;
}

export const LIVE_OPTIMIZER: LiveOptimizerConfig = {
  pollMs: 5_000,
  windowN: 12,
  applyEveryN: 12,
  minValid: 8,
  freqMin: 400, freqMax: 1100, vcoreMin: 1000, vcoreMax: 1400,
  freqStep: 25, vcoreStep: 10,
  asicSoft: 65, asicHard: 68, vrSoft: 78, vrHard: 82,
  errHigh: 1.0, errCrit: 1.3, slopeLimit: 0.01,
};

const ACTOR: Actor = { kind: 'autopilot', id: 'live-optimizer', name: 'LiveOptimizer' };

interface Sample { ts: number; temp: number; vr: number; err: number; freq: number; vcore: number }

export type LiveDecision =
  | { action: 'FREQ_DOWN'; frequencyMhz: number; reason: string }
  | { action: 'VCORE_DOWN'; coreVoltageMv: number; reason: string }
  | { action: 'NO_CHANGE'; reason: string };

function slopeOf(ts: number[], ys: number[]): number {
  const n = ts.length;
  if (n < 2) return 0;
  const tMean = ts.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((ts[i] ?? 0) - tMean) * ((ys[i] ?? 0) - yMean);
    den += ((ts[i] ?? 0) - tMean) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** decision_engine.decide, rule for rule. */
export function decide(window: readonly Sample[], c: LiveOptimizerConfig = LIVE_OPTIMIZER): LiveDecision {
  if (window.length < c.minValid) return { action: 'NO_CHANGE', reason: 'window_insufficient' };
  const temps = window.map((s) => s.temp);
  const vrs = window.map((s) => s.vr);
  const ts = window.map((s) => s.ts);
  const tempAvg = mean(temps);
  const vrAvg = mean(vrs);
  const errAvg = mean(window.map((s) => s.err));
  const slope = Math.max(slopeOf(ts, temps), slopeOf(ts, vrs));
  const cur = window[window.length - 1] as Sample;
  const freqDown = clamp(cur.freq - c.freqStep, c.freqMin, c.freqMax);
  const vcoreDown = clamp(cur.vcore - c.vcoreStep, c.vcoreMin, c.vcoreMax);
  const downOrVcore = (reason: string): LiveDecision => {
    if (freqDown !== cur.freq) return { action: 'FREQ_DOWN', frequencyMhz: freqDown, reason };
    if (vcoreDown !== cur.vcore) return { action: 'VCORE_DOWN', coreVoltageMv: vcoreDown, reason };
    return { action: 'NO_CHANGE', reason: `at_min_limits_${reason}` };
  };
  if (tempAvg >= c.asicHard || vrAvg >= c.vrHard) return downOrVcore('temp_hard');
  if (slope >= c.slopeLimit && (tempAvg >= c.asicSoft || vrAvg >= c.vrSoft) && freqDown !== cur.freq) {
    return { action: 'FREQ_DOWN', frequencyMhz: freqDown, reason: 'slope_exceeded' };
  }
  if (errAvg >= c.errCrit) return downOrVcore('err_crit');
  if (errAvg >= c.errHigh && freqDown !== cur.freq) return { action: 'FREQ_DOWN', frequencyMhz: freqDown, reason: 'err_high' };
  return { action: 'NO_CHANGE', reason: 'stable' };
}

/** main.py's per-device loop: sample, and on every 12th poll decide and apply. */
export function liveOptimizerLoop(rig: BaselineRig, c: LiveOptimizerConfig = LIVE_OPTIMIZER): (answer: InfoAnswer | null, now: number) => Promise<void> {
  const fifo: Sample[] = [];
  let counter = 0;
  return async (answer, now) => {
    counter++;
    const sample = answer ? extract(answer.raw, now) : null;
    if (sample) {
      fifo.push(sample);
      if (fifo.length > c.windowN) fifo.shift();
    }
    if (counter % c.applyEveryN !== 0 || fifo.length === 0) return;
    const decision = decide(fifo, c);
    if (decision.action === 'FREQ_DOWN') await tryApply(rig, ACTOR, { frequencyMhz: decision.frequencyMhz }, decision.reason);
    else if (decision.action === 'VCORE_DOWN') await tryApply(rig, ACTOR, { coreVoltageMv: decision.coreVoltageMv }, decision.reason);
  };
}

/** `_extract`: every field must be there (AxeOS before 2.11 has no `errorPercentage`: no samples, no decisions). */
function extract(raw: Record<string, unknown>, now: number): Sample | null {
  const pick = (...keys: string[]): number | null => {
    for (const k of keys) {
      const v = raw[k];
      if (v !== undefined && v !== null) return Number(v);
    }
    return null;
  };
  const temp = pick('temp', 'asicTemp', 'asic_temp');
  const vr = pick('vrTemp', 'vrmTemp', 'vr_temp', 'vrm_temp');
  const err = pick('errorPercentage', 'errorPercent', 'error_percentage', 'errPercent');
  const freq = pick('frequency', 'freq', 'asicFrequency');
  const vcore = pick('coreVoltage', 'core_voltage', 'vcore', 'voltage');
  if (temp === null || vr === null || err === null || freq === null || vcore === null) return null;
  // Python's int() truncates.
  return { ts: now / 1000, temp, vr, err, freq: Math.trunc(freq), vcore: Math.trunc(vcore) };
}

async function openLiveOptimizer(setup: PolicySetup, c: LiveOptimizerConfig): Promise<DayRun> {
  const rig = await openBaselineRig(setup);
  const top = setup.benchmark.ladder[setup.benchmark.ladder.length - 1];
  if (!top) throw new Error(`${setup.spec.name}: empty ladder`);
  await startAt(rig, top);
  return runLoop(rig, c.pollMs, liveOptimizerLoop(rig, c));
}

export const liveOptimizerPolicy: Policy = {
  name: 'LiveOpt',
  describe: 'Kywalh\'s LiveOptimizer decision engine as shipped (5 s polls, 12-sample window, 68/82 °C hard, 65/78 °C soft with the slope rule, errors 1.0/1.3 %, −25 MHz/−10 mV, no ramp-up)',
  open: (setup) => openLiveOptimizer(setup, LIVE_OPTIMIZER),
};

/** Its thresholds moved to the owner's limits, keeping their gaps: hard at the limit, soft 3 (chip) / 4 (VR) °C under. */
export const liveOptimizerAtOwnerLimitsPolicy: Policy = {
  name: 'LiveOpt@limits',
  describe: 'the same engine with asic_hard / vr_hard at the owner\'s chip target / VR max and the soft limits 3 / 4 °C under',
  open: (setup) => {
    const { chipTargetC, vrMaxC } = setup.config.autopilot.defaults;
    return openLiveOptimizer(setup, { ...LIVE_OPTIMIZER, asicHard: chipTargetC, asicSoft: chipTargetC - 3, vrHard: vrMaxC, vrSoft: vrMaxC - 4 });
  },
};
