import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatPath, parseConfig } from '../../../src/config/load.js';

const example = readFileSync(new URL('../../../config/axepilot.example.yaml', import.meta.url), 'utf8');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...keysOf(inner, `${prefix}${key}.`)]);
}

describe('the autopilot section of the config', () => {
  it('documents every key with the default the schema gives it', () => {
    const documented = (parse(example) as { autopilot: unknown }).autopilot;
    const defaults = parseConfig({}, {}).autopilot;
    expect(keysOf(documented).sort()).toEqual(keysOf(defaults).sort());
    expect(parseConfig({ autopilot: documented }, {}).autopilot).toEqual(defaults);
  });

  it('refuses impossible limits and schedules, naming the path of each', () => {
    expect(() => parseConfig({ autopilot: { defaults: { fanMaxPct: 5 } } }, {})).toThrow(/autopilot\.defaults\.fanMaxPct/);
    expect(() => parseConfig({ autopilot: { schedules: [{ from: '25:00', to: '07:00' }] } }, {})).toThrow(/autopilot\.schedules\[0\]\.from/);
    expect(() => parseConfig({ autopilot: { maxWritesPerDay: 0 } }, {})).toThrow(/autopilot\.maxWritesPerDay/);
    expect(formatPath(['autopilot', 'schedules', 0, 'from'])).toBe('autopilot.schedules[0].from');
  });
});
