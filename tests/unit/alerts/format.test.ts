import { describe, expect, it } from 'vitest';
import { formatAlertText } from '../../../src/alerts/engine/format.js';
import { isQuietTime } from '../../../src/alerts/engine/quiet-hours.js';
import { formatAlertDuration, formatDifficulty, formatGhs } from '../../../src/alerts/units.js';

describe('formatAlertText', () => {
  it('writes one miner on one line with the emoji of its severity', () => {
    const line = { miner: 'gamma', summary: 'chip 76.3 °C (critical ≥ 75 °C)' };
    expect(formatAlertText({ kind: 'firing', ruleTitle: 'chip temperature', severity: 'critical', lines: [line] })).toBe(
      '🔴 gamma: chip 76.3 °C (critical ≥ 75 °C)',
    );
    expect(formatAlertText({ kind: 'firing', ruleTitle: 'x', severity: 'warning', lines: [line] })).toMatch(/^🟠 /);
    expect(formatAlertText({ kind: 'firing', ruleTitle: 'x', severity: 'info', lines: [line] })).toMatch(/^ℹ️ /);
  });

  it('says how long a resolved or reminded alert lasted', () => {
    const resolved = { miner: 'gamma', summary: 'chip temperature back to 68.9 °C', durationMs: 12 * 60_000 };
    expect(formatAlertText({ kind: 'resolved', ruleTitle: 'chip temperature', severity: 'critical', lines: [resolved] })).toBe(
      '🟢 gamma: chip temperature back to 68.9 °C after 12 min',
    );
    const reminder = { miner: 'gamma', summary: 'offline, no answer for 2 h (timeout)', durationMs: 2 * 3_600_000 };
    expect(formatAlertText({ kind: 'reminder', ruleTitle: 'offline', severity: 'critical', lines: [reminder] })).toBe(
      '🔴 Reminder: gamma: offline, no answer for 2 h (timeout), firing for 2 h',
    );
  });

  it('lists a group under one heading, miners in name order', () => {
    const text = formatAlertText({
      kind: 'news',
      ruleTitle: 'new best difficulty',
      severity: 'info',
      lines: [
        { miner: 'zeta', summary: 'new best difficulty 2.00G (previous best 1.00G)' },
        { miner: 'alpha', summary: 'new best difficulty 5.00G (previous best 4.00G)' },
      ],
    });
    expect(text).toBe(
      '🎉 new best difficulty on 2 miners\n• alpha: new best difficulty 5.00G (previous best 4.00G)\n• zeta: new best difficulty 2.00G (previous best 1.00G)',
    );
  });
});

describe('units', () => {
  it('formats durations, hashrates and difficulties for a phone', () => {
    expect([45_000, 12 * 60_000, 65 * 60_000, 120 * 60_000, 51 * 3_600_000].map(formatAlertDuration)).toEqual([
      '45 s', '12 min', '1 h 5 min', '2 h', '2 d 3 h',
    ]);
    expect(formatGhs(812)).toBe('812 GH/s');
    expect(formatGhs(812, 1071)).toBe('0.81 TH/s');
    expect(formatDifficulty(4.29e9)).toBe('4.29G');
    expect(formatDifficulty(138e6)).toBe('138M');
  });
});

describe('isQuietTime', () => {
  const night = { from: '22:00', to: '07:00' };

  it('crosses midnight in the configured zone', () => {
    // Berlin is UTC+1 in January: 21:30 UTC is 22:30 there.
    expect(isQuietTime(Date.UTC(2026, 0, 10, 21, 30), night, 'Europe/Berlin')).toBe(true);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 21, 30), night, 'UTC')).toBe(false);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 20, 59), night, 'Europe/Berlin')).toBe(false);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 23, 0), night, 'Europe/Berlin')).toBe(true);
    expect(isQuietTime(Date.UTC(2026, 0, 11, 5, 59), night, 'Europe/Berlin')).toBe(true);
    expect(isQuietTime(Date.UTC(2026, 0, 11, 6, 0), night, 'Europe/Berlin')).toBe(false);
  });

  it('handles a same-day window and treats equal ends as no quiet hours', () => {
    const afternoon = { from: '13:00', to: '15:00' };
    expect(isQuietTime(Date.UTC(2026, 0, 10, 13, 0), afternoon, 'UTC')).toBe(true);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 15, 0), afternoon, 'UTC')).toBe(false);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 13, 0), { from: '13:00', to: '13:00' }, 'UTC')).toBe(false);
    expect(isQuietTime(Date.UTC(2026, 0, 10, 13, 0), null, 'UTC')).toBe(false);
  });
});
