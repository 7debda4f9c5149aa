import { describe, expect, it } from 'vitest';
import { buildTimeAxis, formatTimeTick } from '../../../src/charts/time-axis.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('formatTimeTick', () => {
  const winterNoonUtc = Date.UTC(2025, 0, 15, 12, 0, 0); // a Wednesday
  const summerNoonUtc = Date.UTC(2025, 6, 1, 12, 0, 0);

  it('shows the same instant in the configured zone, not in UTC', () => {
    expect(formatTimeTick(winterNoonUtc, { timezone: 'UTC', rangeMs: DAY })).toBe('12:00');
    expect(formatTimeTick(winterNoonUtc, { timezone: 'Europe/Berlin', rangeMs: DAY })).toBe('13:00');
    expect(formatTimeTick(summerNoonUtc, { timezone: 'Europe/Berlin', rangeMs: DAY })).toBe('14:00');
    expect(formatTimeTick(winterNoonUtc, { timezone: 'America/New_York', rangeMs: DAY })).toBe('07:00');
  });

  it('uses days beyond two days and dates beyond two weeks', () => {
    expect(formatTimeTick(winterNoonUtc, { timezone: 'Europe/Berlin', rangeMs: 7 * DAY })).toBe('Wed 15');
    expect(formatTimeTick(winterNoonUtc, { timezone: 'Europe/Berlin', rangeMs: 30 * DAY })).toBe('15 Jan');
    // Late evening in New York is already the next day in Tokyo.
    const lateUtc = Date.UTC(2025, 0, 15, 23, 30);
    expect(formatTimeTick(lateUtc, { timezone: 'Asia/Tokyo', rangeMs: 7 * DAY })).toBe('Thu 16');
  });
});

describe('buildTimeAxis', () => {
  const toMs = Date.UTC(2025, 2, 12, 13, 7, 0);

  it('puts 24 h ticks on round local hours of the zone', () => {
    for (const timezone of ['Europe/Berlin', 'UTC', 'Asia/Kolkata']) {
      const axis = buildTimeAxis({ fromMs: toMs - DAY, toMs, timezone, maxTicks: 6 });
      const labels = axis.ticks.map((tick) => axis.label(tick));
      expect(axis.ticks.length).toBeGreaterThanOrEqual(4);
      expect(axis.ticks.length).toBeLessThanOrEqual(7);
      for (const label of labels) {
        expect(label).toMatch(/^\d\d:00$/);
        expect(Number(label.slice(0, 2)) % 4).toBe(0);
      }
      for (const tick of axis.ticks) {
        expect(tick).toBeGreaterThanOrEqual(toMs - DAY);
        expect(tick).toBeLessThanOrEqual(toMs);
      }
    }
    // +05:30: round local hours are half hours in UTC, so the axis is not simply UTC-aligned.
    const kolkata = buildTimeAxis({ fromMs: toMs - DAY, toMs, timezone: 'Asia/Kolkata', maxTicks: 6 });
    expect(kolkata.ticks.every((tick) => tick % HOUR === 30 * 60_000)).toBe(true);
  });

  it('keeps ticks unique and ascending across a DST change', () => {
    const springForward = Date.UTC(2025, 2, 30, 12, 0, 0);
    const axis = buildTimeAxis({ fromMs: springForward - DAY, toMs: springForward, timezone: 'Europe/Berlin', maxTicks: 24 });
    const labels = axis.ticks.map((tick) => axis.label(tick));
    // Hourly ticks stay one real hour apart: local 01:00 CET is followed by 03:00 CEST.
    for (let i = 1; i < axis.ticks.length; i++) expect(axis.ticks[i]! - axis.ticks[i - 1]!).toBe(HOUR);
    expect(labels).toContain('01:00');
    expect(labels).not.toContain('02:00'); // that hour did not exist in Berlin
    expect(labels).toContain('03:00');
  });

  it('puts week-long ticks on local midnights', () => {
    const axis = buildTimeAxis({ fromMs: toMs - 7 * DAY, toMs, timezone: 'Europe/Berlin', maxTicks: 7 });
    expect(axis.ticks.length).toBeGreaterThanOrEqual(6);
    for (const tick of axis.ticks) expect(formatTimeTick(tick, { timezone: 'Europe/Berlin', rangeMs: DAY })).toBe('00:00');
    expect(axis.label(axis.ticks[0]!)).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
  });

  it('puts quarter-year ticks on the 1st of a month', () => {
    const axis = buildTimeAxis({ fromMs: toMs - 90 * DAY, toMs, timezone: 'Europe/Berlin', maxTicks: 6 });
    expect(axis.ticks.map((tick) => axis.label(tick))).toEqual(['1 Jan', '1 Feb', '1 Mar']);
  });

  it('names the dates and zone of the range', () => {
    const axis = buildTimeAxis({ fromMs: toMs - DAY, toMs, timezone: 'Europe/Berlin', maxTicks: 6 });
    expect(axis.rangeLabel).toBe('Tue 11 Mar, 14:07 – Wed 12 Mar, 14:07 (Europe/Berlin)');
  });
});
