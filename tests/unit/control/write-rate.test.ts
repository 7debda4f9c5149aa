import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { WriteHistory } from '../../../src/control/write-rate.js';

describe('write-rate bound', () => {
  it('keeps a minimum gap between writes', async () => {
    const clock = new VirtualClock();
    const history = new WriteHistory({ minWriteIntervalSeconds: 5, maxWritesPerHour: 60 });
    expect(history.verdict(clock.now())).toEqual({ ok: true });
    history.record(clock.now());
    await clock.advance(2_000);
    expect(history.verdict(clock.now())).toEqual({ ok: false, nextAt: clock.now() + 3_000, why: 'interval', writesLastHour: 1 });
    await clock.advance(3_000);
    expect(history.verdict(clock.now())).toEqual({ ok: true });
  });

  it('allows at most maxWritesPerHour in any rolling hour, and says when the next one fits', async () => {
    const clock = new VirtualClock();
    const history = new WriteHistory({ minWriteIntervalSeconds: 0, maxWritesPerHour: 3 });
    const first = clock.now();
    for (let i = 0; i < 3; i++) {
      history.record(clock.now());
      await clock.advance(60_000);
    }
    const verdict = history.verdict(clock.now());
    expect(verdict).toEqual({ ok: false, nextAt: first + 3_600_000, why: 'hourly', writesLastHour: 3 });
    await clock.advance(first + 3_600_000 - clock.now() - 1);
    expect(history.verdict(clock.now()).ok).toBe(false);
    await clock.advance(1);
    expect(history.verdict(clock.now())).toEqual({ ok: true });
  });

  it('counts writes it was seeded with (from the audit log after a restart)', () => {
    const clock = new VirtualClock();
    const now = clock.now();
    const history = new WriteHistory({ minWriteIntervalSeconds: 10, maxWritesPerHour: 2 }, [now - 7_200_000, now - 1_000, now - 30_000]);
    expect(history.verdict(now)).toMatchObject({ ok: false, why: 'hourly', writesLastHour: 2, nextAt: now - 30_000 + 3_600_000 });
  });
});
