/**
 * The firmware's overheat protection leaves a miner below its own settings; the watch notices from the polls alone
 * and forgets once the settings are back.
 */
import { describe, expect, it } from 'vitest';
import { describeProtectionDrop, FirmwareProtectionWatch, looksLikeProtection, tripFromEvents } from '../../../src/fleet/firmware-protection.js';
import { gammaTelemetry } from '../alerts/harness.js';

const OWN = { frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true, fanPct: 50 };

describe('firmware protection watch', () => {
  it('2.11+: stopped while cooling, then below its settings with the fan at manual 100 % until set back', () => {
    const watch = new FirmwareProtectionWatch();
    expect(watch.observe(gammaTelemetry({ ts: 1, ...OWN }))).toBeNull();
    const tripped = watch.observe(gammaTelemetry({ ts: 2, ...OWN, overheat: true, hashrateGhs: 0, autoFan: false, fanPct: 100 }));
    expect(tripped).toMatchObject({ since: 2, stopped: true, own: { frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true } });
    const recovered = watch.observe(gammaTelemetry({ ts: 3, frequencyMhz: 385, coreVoltageMv: 1100, autoFan: false, fanPct: 100, overheat: false }));
    expect(recovered).toMatchObject({ since: 2, stopped: false, current: { frequencyMhz: 385, coreVoltageMv: 1100, autoFan: false, fanPct: 100 } });
    expect(describeProtectionDrop(recovered ?? { own: OWN as never, current: OWN as never }))
      .toBe('385 MHz / 1100 mV, fan manual 100 % (was 485 / 1200, auto)');
    // Clock and voltage back, fan still manual: not yet back at its settings.
    expect(watch.observe(gammaTelemetry({ ts: 4, frequencyMhz: 485, coreVoltageMv: 1200, autoFan: false, fanPct: 100 }))).not.toBeNull();
    expect(watch.observe(gammaTelemetry({ ts: 5, ...OWN }))).toBeNull();
  });

  it('≤ 2.10: hashing at 50 MHz with the overheat flag still set is a drop, not a stop', () => {
    const watch = new FirmwareProtectionWatch();
    watch.observe(gammaTelemetry({ ts: 1, frequencyMhz: 525, coreVoltageMv: 1150 }));
    const latched = watch.observe(gammaTelemetry({
      ts: 2, frequencyMhz: 50, coreVoltageMv: 1000, overheat: true, hashrateGhs: 100, autoFan: false, fanPct: 100,
    }));
    expect(latched).toMatchObject({ stopped: false, own: { frequencyMhz: 525, coreVoltageMv: 1150 } });
    // A second trip while still down keeps the owner's settings, not the firmware's.
    watch.observe(gammaTelemetry({ ts: 3, frequencyMhz: 50, coreVoltageMv: 1000, overheat: true, hashrateGhs: 0 }));
    expect(watch.drop?.own.frequencyMhz).toBe(525);
  });

  it('knows nothing to compare with when the first poll is already in overheat mode, and ignores own changes', () => {
    const watch = new FirmwareProtectionWatch();
    expect(watch.observe(gammaTelemetry({ ts: 1, overheat: true, frequencyMhz: 50 }))).toBeNull();
    const other = new FirmwareProtectionWatch();
    other.observe(gammaTelemetry({ ts: 1, frequencyMhz: 525 }));
    // The owner lowering the clock is their choice, not the firmware's protection.
    expect(other.observe(gammaTelemetry({ ts: 2, frequencyMhz: 400 }))).toBeNull();
  });

  it('tells the protection\'s own change from an owner putting settings back', () => {
    const own = { frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true, fanPct: null, tempTargetC: 60 };
    const forced = { ...own, autoFan: false, fanPct: 100 };
    const backedOff = { ...forced, frequencyMhz: 385, coreVoltageMv: 1100 };
    expect(looksLikeProtection(own, forced)).toBe(true);
    expect(looksLikeProtection(forced, backedOff)).toBe(true);
    expect(looksLikeProtection(backedOff, { ...backedOff, frequencyMhz: 485 })).toBe(false);
    expect(looksLikeProtection(backedOff, { ...backedOff, autoFan: true, fanPct: null })).toBe(false);
  });

  it('finds the trip still in force in the recorded settings changes, newest first', () => {
    const own = { frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true, fanPct: null, tempTargetC: 60 };
    const forced = { ...own, autoFan: false, fanPct: 100 };
    const firmware = (ts: number, before: object) => ({ ts, data: { by: 'firmware', before } });
    expect(tripFromEvents([firmware(30, forced), firmware(20, own), { ts: 10, data: { by: null, before: {} } }])).toEqual({ since: 20, own });
    expect(tripFromEvents([{ ts: 40, data: { by: null, before: forced } }, firmware(30, forced)])).toBeNull();
    const watch = new FirmwareProtectionWatch({ since: 20, own });
    expect(watch.observe(gammaTelemetry({ ts: 50, frequencyMhz: 385, coreVoltageMv: 1100, autoFan: false, fanPct: 100 }))?.own).toEqual(own);
  });
});
