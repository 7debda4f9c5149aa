import { describe, expect, it } from 'vitest';
import { decide, emptyMemory, holdOffUntil, type AutopilotLimits, type PolicyInput, type PolicyMemory, type Rung, type WindowStats } from '../../../src/autopilot/index.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 12);

/** Five rungs 500–600 MHz, 3 W (8–10 %) and 50 GH/s apart. */
const LADDER: Rung[] = [500, 525, 550, 575, 600].map((f, i) => ({
  frequencyMhz: f, coreVoltageMv: 1100 + 10 * i, hashrateGhs: 1000 + 50 * i, powerW: 30 + 3 * i, efficiencyJth: 30 - 0.1 * i,
  chipTempC: 60, source: 'benchmark 1',
}));

const LIMITS: AutopilotLimits = { chipTargetC: 65, vrMaxC: 85, fanMaxPct: 70, powerCapW: 40, errorMaxPct: 2, inputVoltageMinV: 4.8 };

/** A cool, quiet miner: every limit has headroom. */
function stats(over: Partial<WindowStats> = {}): WindowStats {
  return {
    samples: 24, spanMs: 2 * MIN, chipTempC: 58, chipSlopeCPerMin: 0, vrTempC: 60, powerW: 34, fanPct: 45, autoFan: true,
    errorPct: 0.5, inputVoltageV: 5.1, hashrateGhs: 1100, ...over,
  };
}

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  const s = over.stats === undefined ? stats() : over.stats;
  return {
    now: T0, ladder: LADDER, ceiling: 4, current: 2, stats: s, recent: s, limits: LIMITS, memory: emptyMemory(),
    tuning: { windowMs: 2 * MIN, settleMs: 3 * MIN, holdMs: 10 * MIN, deadbandC: 3, holdOffMs: 20 * MIN },
    ...over,
  };
}

describe('the autopilot policy', () => {
  it.each([
    ['chip', { chipTempC: 66.2 }, 'chip 66.2 °C above its 65 °C target'],
    ['VR', { vrTempC: 86.5 }, 'VR 86.5 °C above its 85 °C limit'],
    ['fan', { fanPct: 78 }, 'fan 78 % above its 70 % cap'],
    ['power', { powerW: 40.4 }, 'power 40.4 W above its 40 W cap'],
    ['ASIC errors', { errorPct: 2.4 }, 'ASIC errors 2.40 % above 2 %'],
    ['input voltage', { inputVoltageV: 4.75 }, 'input 4.75 V below 4.80 V'],
  ])('steps down to a rung drawing ≥ 5 %% less when the %s limit is crossed over the window', (_limit, over, words) => {
    const decision = decide(input({ stats: stats(over) }));
    expect(decision).toMatchObject({ action: 'move', to: 1, direction: 'down' });
    expect(decision.reason).toBe(words);
    expect(decision.memory.failures['550/1120']).toEqual([T0]);
  });

  it('steps down to ≥ 15 % less power when far past a limit, and treats a fast rise close to the target as crossing it', () => {
    expect(decide(input({ stats: stats({ chipTempC: 68.5 }) }))).toMatchObject({ action: 'move', to: 0 });
    expect(decide(input({ stats: stats({ fanPct: 85 }) }))).toMatchObject({ action: 'move', to: 0 });
    const rising = decide(input({ stats: stats({ chipTempC: 64.8, chipSlopeCPerMin: 0.9 }) }));
    expect(rising).toMatchObject({ action: 'move', to: 1 });
    expect(rising.reason).toContain('rising 0.9 °C/min');
  });

  it('ignores a fan cap while the fan is manual, and judges nothing on too few readings', () => {
    expect(decide(input({ stats: stats({ fanPct: 100, autoFan: false }) })).action).not.toBe('move');
    const few = decide(input({ stats: stats({ chipTempC: 70, samples: 2, spanMs: 10_000 }), recent: stats({ chipTempC: 60 }) }));
    expect(few).toMatchObject({ action: 'hold', reason: 'gathering readings' });
  });

  it('reads nothing during the settle time after a write, except an emergency near the firmware trip', () => {
    const memory: PolicyMemory = { ...emptyMemory(), lastWriteAt: T0 - MIN };
    expect(decide(input({ memory, stats: stats({ chipTempC: 67 }), recent: stats({ chipTempC: 67 }) }))).toMatchObject({ action: 'hold', reason: 'settling after the last change' });
    const urgent = decide(input({ memory, stats: null, recent: stats({ chipTempC: 71.2 }) }));
    expect(urgent).toMatchObject({ action: 'move', to: 0, direction: 'down' });
    expect(urgent.reason).toContain("heading for the firmware's 75 °C trip");
  });

  it('climbs one rung only after headroom has held for the hold time', () => {
    let memory = emptyMemory();
    let now = T0;
    const moves: number[] = [];
    for (let minute = 0; minute <= 12; minute++) {
      const decision = decide(input({ now, memory }));
      memory = decision.memory;
      if (decision.action === 'move') moves.push(minute);
      now += MIN;
      if (decision.action === 'move') break;
    }
    // The first window already showed 2 min of headroom: 8 more make the 10-minute hold.
    expect(moves).toEqual([8]);
    const after = decide(input({ now: T0 + 8 * MIN, memory: { ...emptyMemory(), headroomSince: T0 - 2 * MIN } }));
    expect(after).toMatchObject({ action: 'move', to: 3, direction: 'up', reason: 'every limit has had headroom for 10 min' });
  });

  it('holds inside the deadband: neither over the limit nor with room to climb', () => {
    const decision = decide(input({ stats: stats({ chipTempC: 63 }), memory: { ...emptyMemory(), headroomSince: T0 - 30 * MIN } }));
    expect(decision).toMatchObject({ action: 'hold' });
    expect(decision.reason).toContain('inside the deadband (chip 63 °C within 3 °C of its target)');
    expect(decision.memory.headroomSince).toBeNull();
    expect(decide(input({ stats: stats({ powerW: 37 }), memory: { ...emptyMemory(), headroomSince: T0 - 30 * MIN } })).reason).toContain('near its 40 W cap');
    // With the auto fan at 90 % the next rung's 8 % more power needs more airflow than the fan has left.
    expect(decide(input({ stats: stats({ fanPct: 90 }), limits: { ...LIMITS, fanMaxPct: 100 }, memory: { ...emptyMemory(), headroomSince: T0 - 30 * MIN } })).reason)
      .toBe('inside the deadband (the fan would need about 99 % one rung up)');
  });

  it('steps down before the chip crosses its target when the fan has nothing left', () => {
    // 63.5 °C rising 0.4 °C/min reaches 65 °C within the 5 minutes a step down takes to show.
    const saturated = decide(input({ stats: stats({ chipTempC: 63.5, chipSlopeCPerMin: 0.4, fanPct: 100 }), limits: { ...LIMITS, fanMaxPct: 100 } }));
    expect(saturated).toMatchObject({ action: 'move', to: 1, direction: 'down', reason: 'chip 63.5 °C and rising with the fan at 100 %, close to its 65 °C target' });
    expect(decide(input({ stats: stats({ chipTempC: 63.5, chipSlopeCPerMin: 0.4, fanPct: 80 }), limits: { ...LIMITS, fanMaxPct: 100 } })).action).toBe('hold');
    // Rising slowly (the room warming 1–2 °C an hour): no step until it is close.
    expect(decide(input({ stats: stats({ chipTempC: 62.1, chipSlopeCPerMin: 0.2, fanPct: 100 }), limits: { ...LIMITS, fanMaxPct: 100 } })).action).toBe('hold');
  });

  it('climbs back when the rung it came down to for heat runs clearly cooler than just after it came down, not before', () => {
    const limits = { ...LIMITS, fanMaxPct: 100 };
    // 600 MHz, fan at 100 %, chip rising toward the target: down to 575 for heat.
    let memory = emptyMemory();
    let now = T0;
    const down = decide(input({ now, current: 4, limits, stats: stats({ chipTempC: 63.5, chipSlopeCPerMin: 0.4, fanPct: 100 }) }));
    expect(down).toMatchObject({ action: 'move', to: 3, direction: 'down' });
    memory = down.memory;
    expect(memory.markDue).toBe('575/1130');
    // Still settling (the chip still falling): no mark yet.
    now += 4 * MIN;
    memory = decide(input({ now, current: 3, limits, memory, stats: stats({ chipTempC: 61, chipSlopeCPerMin: -0.5, fanPct: 96 }) })).memory;
    expect(memory.returnMarks).toEqual({});
    // Once still, 575 MHz holds the fan at 92 %: the room as it was when 600 MHz got too hot.
    now += MIN;
    const settled = decide(input({ now, current: 3, limits, memory, stats: stats({ chipTempC: 60, chipSlopeCPerMin: 0, fanPct: 92 }) }));
    memory = settled.memory;
    expect(memory.returnMarks?.['575/1130']).toEqual({ fanPct: 92, chipC: 60, at: now });
    expect(memory.markDue).toBeNull();
    // Hours later the fan model still says no (9 % more power needs about 11 % more airflow) …
    const climb = (fanPct: number): ReturnType<typeof decide> => decide(input({
      now: now + 4 * 3_600_000, current: 3, limits, memory: { ...memory, headroomSince: now + 3 * 3_600_000 },
      stats: stats({ chipTempC: 60, chipSlopeCPerMin: 0, fanPct }),
    }));
    expect(climb(89).reason).toBe('inside the deadband (the fan would need about 98 % one rung up)');
    // … but with the fan 4 points under its mark the room is a degree cooler than when 600 MHz got too hot.
    expect(climb(88)).toMatchObject({ action: 'move', to: 4, direction: 'up' });
    // Without the mark the same reading still holds.
    expect(decide(input({
      now: now + 4 * 3_600_000, current: 3, limits, memory: { ...memory, returnMarks: {}, headroomSince: now + 3 * 3_600_000 },
      stats: stats({ chipTempC: 60, chipSlopeCPerMin: 0, fanPct: 88 }),
    })).action).toBe('hold');
    // A fan cap below 100 % is a limit of its own: the mark does not lift it.
    expect(decide(input({
      now: now + 4 * 3_600_000, current: 3, limits: { ...LIMITS, fanMaxPct: 99 }, memory: { ...memory, headroomSince: now + 3 * 3_600_000 },
      stats: stats({ chipTempC: 60, chipSlopeCPerMin: 0, fanPct: 88 }),
    })).action).toBe('hold');
    // With the fan at its ceiling on the lower rung too, the chip is the thermometer: a degree under its mark.
    const saturatedMark = { ...memory, returnMarks: { '575/1130': { fanPct: 100, chipC: 61.8, at: now } }, headroomSince: now + 3 * 3_600_000 };
    const hot = (chipTempC: number): ReturnType<typeof decide> => decide(input({ now: now + 4 * 3_600_000, current: 3, limits, memory: saturatedMark, stats: stats({ chipTempC, chipSlopeCPerMin: 0, fanPct: 100 }) }));
    expect(hot(61.2).action).toBe('hold');
    expect(hot(60.7)).toMatchObject({ action: 'move', to: 4 });
  });

  it('never climbs past the ceiling of its mode, and comes down to it when the ceiling drops', () => {
    expect(decide(input({ current: 4, memory: { ...emptyMemory(), headroomSince: T0 - 60 * MIN } }))).toMatchObject({ action: 'hold', reason: 'at the highest rung this mode uses' });
    const lowered = decide(input({ current: 4, ceiling: 1 }));
    expect(lowered).toMatchObject({ action: 'move', to: 1, direction: 'down' });
    expect(lowered.memory.failures).toEqual({});
  });

  it('waits a growing hold-off before trying a rung that failed again', () => {
    const key = '575/1130';
    const once: PolicyMemory = { ...emptyMemory(), failures: { [key]: [T0] } };
    expect(holdOffUntil(once, LADDER[3] as Rung, 20 * MIN, T0 + MIN)).toBe(T0 + 20 * MIN);
    const thrice: PolicyMemory = { ...emptyMemory(), failures: { [key]: [T0 - 2 * 3_600_000, T0 - 3_600_000, T0] } };
    expect(holdOffUntil(thrice, LADDER[3] as Rung, 20 * MIN, T0 + MIN)).toBe(T0 + 80 * MIN);
    const held = decide(input({ now: T0 + 30 * MIN, memory: { ...thrice, headroomSince: T0 } }));
    expect(held).toMatchObject({ action: 'hold' });
    expect(held.reason).toContain('575 MHz / 1130 mV failed recently; not before 13:20 UTC');
    expect(decide(input({ now: T0 + 81 * MIN, memory: { ...thrice, headroomSince: T0 } }))).toMatchObject({ action: 'move', to: 3 });
    // Failures older than a day are forgotten.
    expect(holdOffUntil(thrice, LADDER[3] as Rung, 20 * MIN, T0 + 25 * 3_600_000)).toBeNull();
  });

  it('does not oscillate around a limit: a rung that keeps failing is tried ever more rarely', () => {
    // A miner whose rung 3 always crosses the fan cap and rung 2 always has headroom.
    let memory = emptyMemory();
    let current = 2;
    const directionChanges: number[] = [];
    let lastDirection: string | null = null;
    for (let minute = 0; minute < 8 * 60; minute++) {
      const now = T0 + minute * MIN;
      const s = current >= 3 ? stats({ fanPct: 74 }) : stats({ fanPct: 40 });
      const decision = decide(input({ now, current, memory, stats: s, recent: s }));
      memory = decision.memory;
      if (decision.action === 'move') {
        if (lastDirection !== null && decision.direction !== lastDirection) directionChanges.push(minute);
        lastDirection = decision.direction;
        current = decision.to;
      }
    }
    // Tries at ~10 min, then after hold-offs of 20, 40, 80, 160 min: a handful of attempts in 8 h, not one per hold.
    expect(directionChanges.length).toBeLessThanOrEqual(10);
    expect(directionChanges.length).toBeGreaterThanOrEqual(4);
    const gaps = directionChanges.slice(1).map((m, i) => m - (directionChanges[i] ?? 0));
    expect(Math.max(...gaps)).toBeGreaterThan(100);
  });
});
