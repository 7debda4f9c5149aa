import { describe, expect, it } from 'vitest';
import { parseRange, resolveMiner, splitCommand, tokenize } from '../../../src/chat/args.js';
import {
  formatDifficulty, formatDuration, formatHashrate, formatIsoInZone, formatLocalTime, formatTable, formatTemp, isoInZoneFormatter,
} from '../../../src/chat/format.js';
import type { MinerView } from '../../../src/chat/services.js';

describe('formatting for people', () => {
  it('switches to TH/s above 1000 GH/s, with separators', () => {
    expect(formatHashrate(1071.6)).toBe('1.07 TH/s');
    expect(formatHashrate(625)).toBe('625 GH/s');
    expect(formatHashrate(1_234_567)).toBe('1,234.57 TH/s');
    expect(formatHashrate(null)).toBe('—');
  });
  it('shows one decimal for temperatures', () => {
    expect(formatTemp(60.125)).toBe('60.1 °C');
    expect(formatTemp(75)).toBe('75.0 °C');
  });
  it('writes difficulty and durations the way miners do', () => {
    expect(formatDifficulty(4_290_000_000)).toBe('4.29G');
    expect(formatDifficulty(483_000)).toBe('483k');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5000)).toBe('3 d 4 h');
    expect(formatDuration(42_000)).toBe('42 s');
  });
  it('formats times in the configured zone', () => {
    const instant = Date.UTC(2026, 10, 22, 7, 15, 5);
    expect(formatLocalTime(instant, 'Europe/Berlin')).toBe('2026-11-22 08:15');
    expect(formatLocalTime(instant, 'UTC')).toBe('2026-11-22 07:15');
    expect(formatIsoInZone(instant, 'Europe/Berlin')).toBe('2026-11-22T08:15:05+01:00');
    expect(formatIsoInZone(instant, 'UTC')).toBe('2026-11-22T07:15:05+00:00');
  });
  it('pads tables, numbers to the right', () => {
    expect(formatTable(['a', 'n'], [['x', '1'], ['long', '100']], [1])).toBe('a       n\nx       1\nlong  100');
  });
});

describe('forgiving arguments', () => {
  const miners = ['gamma-1', 'gamma-2', 'supra'].map(
    (name, i): MinerView => ({ name, host: `http://192.168.1.${i + 10}`, minerId: i, online: true, telemetry: null, lastGoodPollAt: 0, lastError: '', asic: null }),
  );
  it('finds a miner by name, unique prefix or host', () => {
    expect(resolveMiner('SUPRA', miners).name).toBe('supra');
    expect(resolveMiner('sup', miners).name).toBe('supra');
    expect(resolveMiner('192.168.1.11', miners).name).toBe('gamma-2');
    expect(() => resolveMiner('gam', miners)).toThrow(/matches gamma-1, gamma-2/);
    expect(() => resolveMiner('ultra', miners)).toThrow(/Miners: gamma-1, gamma-2, supra/);
  });
  it('reads ranges and rejects silly ones', () => {
    expect(parseRange('24h')).toEqual({ label: '24h', ms: 86_400_000 });
    expect(parseRange('7D')).toEqual({ label: '7d', ms: 604_800_000 });
    expect(parseRange('gamma')).toBeNull();
    expect(() => parseRange('1m')).toThrow(/between 10m and 365d/);
    expect(() => parseRange('9999d')).toThrow(/between 10m and 365d/);
  });
  it('splits command lines', () => {
    expect(splitCommand('/Chart@bot gamma "two words"')).toEqual({ name: 'chart', words: ['gamma', 'two words'] });
    expect(splitCommand('not a command')).toBeNull();
    expect(splitCommand('/../etc')).toBeNull();
    expect(tokenize('  a  b ')).toEqual(['a', 'b']);
  });
});

describe('ISO times in a zone, one formatter per export', () => {
  /** The reference: a fresh Intl formatter per call, as every export row once paid for. */
  function reference(ms: number, timeZone: string): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hour12: false, timeZoneName: 'longOffset',
    }).formatToParts(new Date(ms));
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    const hour = get('hour') === '24' ? '00' : get('hour');
    return `${get('year')}-${get('month')}-${get('day')}T${hour}:${get('minute')}:${get('second')}${get('timeZoneName').replace('GMT', '') || '+00:00'}`;
  }

  it.each([
    ['Europe/Berlin', Date.UTC(2026, 2, 28, 12)],
    ['Europe/Berlin', Date.UTC(2026, 9, 24, 12)],
    ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 0)],
    ['America/St_Johns', Date.UTC(2026, 10, 1, 0)],
    ['Asia/Kolkata', Date.UTC(2026, 0, 1)],
    ['UTC', Date.UTC(2026, 0, 1)],
  ])('matches Intl in %s across its offset changes', (zone, start) => {
    const format = isoInZoneFormatter(zone);
    for (let ms = start; ms < start + 2 * 86_400_000; ms += 7 * 60_000 + 13_337) {
      expect(format(ms)).toBe(reference(ms, zone));
    }
    expect(formatIsoInZone(start, zone)).toBe(reference(start, zone));
  });
});
