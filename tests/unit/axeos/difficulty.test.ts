import { describe, expect, it } from 'vitest';
import { parseDifficulty } from '../../../src/axeos/difficulty.js';

describe('parseDifficulty', () => {
  it.each([
    ['13M', 13_000_000],
    ['4.29G', 4_290_000_000],
    ['483k', 483_000],
    ['483K', 483_000],
    ['0', 0],
    ['2.03 G', 2_030_000_000],
    ['138.17 M', 138_170_000],
    ['5.56G', 5_560_000_000],
    ['89.6M', 89_600_000],
    ['1.5T', 1_500_000_000_000],
    ['2P', 2e15],
    ['1.1E', 1.1e18],
    ['  7  ', 7],
    ['1000', 1000],
  ])('reads the firmware string %j as %d', (text, expected) => {
    expect(parseDifficulty(text)).toBe(expected);
  });

  it('passes finite non-negative numbers through (v2.11+)', () => {
    expect(parseDifficulty(49224525)).toBe(49224525);
    expect(parseDifficulty(0)).toBe(0);
    expect(parseDifficulty(146472570619930)).toBe(146472570619930);
  });

  it.each([
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['a negative string', '-5M'],
    ['an unknown suffix', '12X'],
    ['a lowercase m (milli, not mega)', '12m'],
    ['two spaces before the suffix', '2.03  G'],
    ['an exponent', '1e6'],
    ['an empty string', ''],
    ['words', 'lots'],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1]],
    ['an object', { value: 1 }],
    ['a boolean', true],
  ])('gives null for %s', (_label, value) => {
    expect(parseDifficulty(value)).toBeNull();
  });
});
