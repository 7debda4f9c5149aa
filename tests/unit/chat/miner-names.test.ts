import { describe, expect, it } from 'vitest';
import { resolveMiner } from '../../../src/chat/args.js';
import { safeFileName } from '../../../src/chat/file-name.js';
import { rangeFittingData } from '../../../src/chat/chart-range.js';
import type { MinerView } from '../../../src/chat/services.js';
import { parseChartWords } from '../../../commands/chart.js';

function view(name: string, host: string): MinerView {
  return { name, host, minerId: null, online: true, telemetry: null, lastGoodPollAt: 0, lastError: '', asic: null };
}

/** The demo: three miners on one address, as in the review. */
const demo = [view('gamma', 'http://127.0.0.1:41001'), view('supra', 'http://127.0.0.1:41002'), view('ultra', 'http://127.0.0.1:41003')];

describe('miner names as owners type them', () => {
  it('takes the README examples: a unique prefix names the miner', () => {
    expect(resolveMiner('gamma', demo).name).toBe('gamma');
    expect(resolveMiner('sup', demo).name).toBe('supra');
    expect(resolveMiner('gamm', demo).name).toBe('gamma');
  });

  it('answers a typo with the closest name', () => {
    expect(() => resolveMiner('gmama', demo)).toThrow('no miner called "gmama"; did you mean gamma?');
    expect(() => resolveMiner('ulta', demo)).toThrow('did you mean ultra?');
    expect(() => resolveMiner('kitchen', demo)).toThrow('no miner called "kitchen". Miners: gamma, supra, ultra');
  });

  it('asks which when an address is shared by several miners, and takes it when it is one', () => {
    expect(() => resolveMiner('127.0.0.1', demo)).toThrow('127.0.0.1 is the address of gamma, supra and ultra; which one?');
    expect(resolveMiner('127.0.0.1:41002', demo).name).toBe('supra');
  });

  it('says which word of a chart request was wrong, and what it was near', () => {
    expect(() => parseChartWords(['gamma', 'temprature'], demo)).toThrow('"temprature" is not a metric; did you mean temp?');
    expect(() => parseChartWords(['gmma', 'temp'], demo)).toThrow('did you mean gamma?');
    expect(() => parseChartWords(['gamma', 'xyz'], demo)).toThrow('"xyz" is not a miner (gamma, supra, ultra), a metric');
  });
});

describe('chart ranges that fit the data', () => {
  const now = Date.UTC(2026, 11, 2, 12);
  it('shows the shortest range that holds all the data there is, and 24 h once there is a day', () => {
    expect(rangeFittingData(now - 3 * 60_000, now).label).toBe('10m');
    expect(rangeFittingData(now - 40 * 60_000, now).label).toBe('1h');
    expect(rangeFittingData(now - 5 * 3_600_000, now).label).toBe('6h');
    expect(rangeFittingData(now - 30 * 86_400_000, now).label).toBe('24h');
  });
  it('leaves the range open when the owner names none', () => {
    expect(parseChartWords(['gamma', 'temp'], demo).range).toBeNull();
    expect(parseChartWords(['gamma', '6h'], demo).range?.label).toBe('6h');
  });
});

describe('file names from miner names', () => {
  it('never leaves the output folder, whatever the miner is called', () => {
    expect(safeFileName('chart-../../etc/passwd-temp-24h.png')).toBe('chart-._._etc_passwd-temp-24h.png');
    expect(safeFileName('../x')).toBe('x');
    expect(safeFileName('history-Küche 2-24h.png')).toBe('history-Kuche_2-24h.png');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('a/b\\c.csv')).toBe('a_b_c.csv');
  });
});
