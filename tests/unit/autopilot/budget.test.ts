import { describe, expect, it } from 'vitest';
import { dailyBudgetRefusal } from '../../../src/control/write-rate.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 12);

describe("the autopilot's daily write budget", () => {
  it('allows writes below the budget and refuses the one past it, saying when the next is possible', () => {
    const times = Array.from({ length: 48 }, (_, i) => T0 - 23 * HOUR + i * 15 * 60_000);
    expect(dailyBudgetRefusal({ miner: 'gamma', actorKind: 'autopilot', budget: 48, times: times.slice(1), now: T0, timeZone: 'UTC' })).toBeNull();
    expect(dailyBudgetRefusal({ miner: 'gamma', actorKind: 'autopilot', budget: 48, times, now: T0, timeZone: 'UTC' }))
      .toBe('gamma: the autopilot has written settings 48 times in 24 h, its budget (48); next write possible at 13:00 (in 1 h)');
  });
});
