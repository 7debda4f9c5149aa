import { describe, expect, it } from 'vitest';
import { zeroHashCheck, type HealingTuning } from '../../../src/autopilot/index.js';
import type { HealingMemory } from '../../../src/autopilot/state.js';
import type { Telemetry } from '../../../src/axeos/telemetry.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 12);
const TUNING: HealingTuning = { zeroMs: 5 * MIN, maxRestarts: 3, restartWindowMs: 6 * 3_600_000 };
const fresh = (): HealingMemory => ({ zeroSince: null, restarts: [], needsPersonSince: null, overheat: null, fanPausedAt: null });

function poll(hashrateGhs: number | null, over: Partial<Telemetry> = {}): Telemetry {
  return { hashrateGhs, overheat: false, miningPaused: false, ...over } as Telemetry;
}

/** Polls every 5 s with the given hashrate for `ms`; returns the actions taken and when. */
function run(from: number, ms: number, healing: HealingMemory, hashrate: number, over: Partial<Telemetry> = {}, blocked = false) {
  const actions: Array<{ at: number; action: string }> = [];
  let memory = healing;
  for (let t = from; t < from + ms; t += 5_000) {
    const result = zeroHashCheck({ now: t, telemetry: poll(hashrate, over), healing: memory, tuning: TUNING, blocked });
    memory = result.healing;
    if (result.verdict.action !== 'none') actions.push({ at: t, action: result.verdict.action });
  }
  return { actions, memory };
}

describe('healing a miner that answers but does not hash', () => {
  it('restarts after zeroHashRestartMinutes of zero hashrate, not before, and forgets a stall that ends', () => {
    const first = run(T0, 5 * MIN - 5_000, fresh(), 0);
    expect(first.actions).toEqual([]);
    const due = zeroHashCheck({ now: T0 + 5 * MIN, telemetry: poll(0), healing: first.memory, tuning: TUNING, blocked: false });
    expect(due.verdict).toMatchObject({ action: 'restart', reason: 'no hashrate for 5 min although it answers (restart 1 of 3)' });
    const recovered = zeroHashCheck({ now: T0 + 4 * MIN, telemetry: poll(480), healing: first.memory, tuning: TUNING, blocked: false });
    expect(recovered.healing.zeroSince).toBeNull();
  });

  it('restarts at most 3 times in 6 h with growing spacing, then calls a person once', () => {
    const { actions } = run(T0, 3 * 3_600_000, fresh(), 0);
    const restarts = actions.filter((a) => a.action === 'restart').map((a) => (a.at - T0) / MIN);
    // 5 min of zero each time, and each further restart waits 10, then 20 min after the last.
    expect(restarts).toEqual([5, 15, 35]);
    const calls = actions.filter((a) => a.action === 'needs-person').map((a) => Math.round((a.at - T0) / MIN));
    // The stall counts anew from the first poll after the last restart: 5 min later, a person is called.
    expect(calls).toEqual([40]);
  });

  it('starts counting again once the window has passed, and hashing clears the call for a person', () => {
    const stalled = run(T0, 3 * 3_600_000, fresh(), 0).memory;
    expect(stalled.needsPersonSince).not.toBeNull();
    const hashing = zeroHashCheck({ now: T0 + 3 * 3_600_000, telemetry: poll(500), healing: stalled, tuning: TUNING, blocked: false });
    expect(hashing.healing.needsPersonSince).toBeNull();
    const later = run(T0 + 7 * 3_600_000, 6 * MIN, hashing.healing, 0);
    expect(later.actions.map((a) => a.action)).toEqual(['restart']);
  });

  it.each([
    ['paused', { miningPaused: true }, false],
    ['in the firmware overheat mode', { overheat: true }, false],
    ['held by a benchmark', {}, true],
  ])('never restarts a miner that is %s', (_why, over, blocked) => {
    expect(run(T0, 60 * MIN, fresh(), 0, over, blocked).actions).toEqual([]);
  });
});
