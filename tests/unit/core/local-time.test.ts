import { describe, expect, it } from 'vitest';
import { inDailyWindow, localClock, localDate, localDateTime, localMinuteOfDay } from '../../../src/core/local-time.js';

describe('local times for people', () => {
  it('says date and clock in the owner\'s zone, across a DST change', () => {
    // 2026-03-29 01:30 UTC is 03:30 in Berlin (summer time began at 01:00 UTC).
    const ms = Date.UTC(2026, 2, 29, 1, 30);
    expect(localDateTime(ms, 'Europe/Berlin')).toBe('2026-03-29 03:30');
    expect(localDateTime(ms - 3_600_000, 'Europe/Berlin')).toBe('2026-03-29 01:30');
    expect(localClock(Date.UTC(2026, 0, 1, 0, 5), 'UTC')).toBe('00:05');
    expect(localDate(Date.UTC(2026, 0, 1, 23, 30), 'Asia/Kolkata')).toBe('2026-01-02');
    expect(localMinuteOfDay(Date.UTC(2026, 0, 1, 23, 30), 'Asia/Kolkata')).toBe(5 * 60);
  });

  it('judges a daily window, one that crosses midnight included, and none when both ends are equal', () => {
    const at = (h: number, m = 0): number => Date.UTC(2026, 0, 1, h, m);
    const night = { from: '22:00', to: '07:00' };
    expect(inDailyWindow(night, at(23), 'UTC')).toBe(true);
    expect(inDailyWindow(night, at(6, 59), 'UTC')).toBe(true);
    expect(inDailyWindow(night, at(7), 'UTC')).toBe(false);
    expect(inDailyWindow(night, at(21, 59), 'UTC')).toBe(false);
    expect(inDailyWindow({ from: '09:00', to: '17:00' }, at(9), 'UTC')).toBe(true);
    expect(inDailyWindow({ from: '09:00', to: '17:00' }, at(17), 'UTC')).toBe(false);
    expect(inDailyWindow({ from: '10:00', to: '10:00' }, at(10), 'UTC')).toBe(false);
    // In the owner's zone, not UTC's: 22:30 in Berlin in winter is 21:30 UTC.
    expect(inDailyWindow(night, at(21, 30), 'Europe/Berlin')).toBe(true);
  });
});
