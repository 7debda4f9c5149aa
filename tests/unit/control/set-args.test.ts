import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/chat/args.js';
import { parseSetting } from '../../../commands/set.js';

describe('/set arguments', () => {
  it('reads a setting however it is typed', () => {
    expect(parseSetting(['freq', '575'])).toEqual({ frequencyMhz: 575 });
    expect(parseSetting(['Frequency', '575MHz'])).toEqual({ frequencyMhz: 575 });
    expect(parseSetting(['f=512.5'])).toEqual({ frequencyMhz: 512.5 });
    expect(parseSetting(['575mhz'])).toEqual({ frequencyMhz: 575 });
    expect(parseSetting(['volt', '1200'])).toEqual({ coreVoltageMv: 1200 });
    expect(parseSetting(['v', '1.2v'])).toEqual({ coreVoltageMv: 1200 });
    expect(parseSetting(['1150mV'])).toEqual({ coreVoltageMv: 1150 });
    expect(parseSetting(['fan', 'auto'])).toEqual({ autoFan: true });
    expect(parseSetting(['fan', '60%'])).toEqual({ autoFan: false, fanPct: 60 });
    expect(parseSetting(['auto'])).toEqual({ autoFan: true });
    expect(parseSetting(['target', '62'])).toEqual({ tempTargetC: 62 });
    expect(parseSetting(['temp', '62°C'])).toEqual({ tempTargetC: 62 });
  });

  it('explains what was wrong', () => {
    expect(() => parseSetting(['speed', '5'])).toThrow(UsageError);
    expect(() => parseSetting(['speed', '5'])).toThrow('"speed" is not a setting');
    expect(() => parseSetting(['freq'])).toThrow('give a value for frequency');
    expect(() => parseSetting(['freq', 'fast'])).toThrow('not a frequency in MHz');
    expect(() => parseSetting(['fan', 'loud'])).toThrow('say auto, or a %');
    expect(() => parseSetting(['575'])).toThrow('say which setting');
    expect(() => parseSetting(['freq', '575', 'volt', '1200'])).toThrow('one setting at a time');
  });
});
