/**
 * After the firmware's overheat protection a miner runs below its own settings; the alert says what happened and
 * what the firmware left it at, and stays until the settings are back. A host that answers as another device is "not
 * an AxeOS miner", not "offline".
 */
import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

/** An Ultra at its owner's 485 MHz / 1200 mV on auto fan, in the state each firmware leaves it. */
const OWN = { frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true };
const COOLING = { ...OWN, overheat: true, hashrateGhs: 0, autoFan: false, fanPct: 100, chipTempC: 65 };
const BACKED_OFF = { frequencyMhz: 385, coreVoltageMv: 1100, autoFan: false, fanPct: 100, overheat: false, hashrateGhs: 800 };

describe('below its settings after the firmware\'s overheat protection', () => {
  it('2.11+: fires once the overheat clears and the miner runs lower, stays while it does, resolves when set back', () => {
    const h = new Harness();
    h.poll(MINUTE, { ultra: OWN });
    h.poll(MINUTE, { ultra: COOLING });
    expect(h.ofKind('firing').map((n) => n.text)).toEqual([expect.stringContaining('ultra: overheat mode')]);
    h.poll(20 * MINUTE, { ultra: BACKED_OFF });
    expect(h.ofKind('firing').map((n) => n.text)).toContain(
      '🟠 ultra: runs below its settings after the firmware\'s overheat protection: 385 MHz / 1100 mV, fan manual 100 % ' +
        '(was 485 / 1200, auto). Once it is cool: /set ultra freq 485, /set ultra volt 1200, /set ultra fan auto',
    );
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual(['🟢 ultra: overheat mode cleared after 1 min']);
    // Clock back, fan still stuck on manual: still below.
    h.poll(MINUTE, { ultra: { ...BACKED_OFF, frequencyMhz: 485, coreVoltageMv: 1200 } });
    expect(h.ofKind('resolved')).toHaveLength(1);
    h.poll(MINUTE, { ultra: OWN });
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual([
      '🟢 ultra: overheat mode cleared after 1 min', expect.stringMatching(/^🟢 ultra: back at its own settings/),
    ]);
  });

  it('remembers across a restart of axepilot that the miner is below its settings', () => {
    const h = new Harness();
    h.poll(MINUTE, { ultra: OWN });
    h.poll(MINUTE, { ultra: COOLING });
    h.poll(MINUTE, { ultra: BACKED_OFF });
    expect(h.ofKind('firing').map((n) => n.text)).toContainEqual(expect.stringContaining('ultra: runs below its settings'));
    const engine = h.restart();
    // After the restart the lower settings are all the new process sees: no false "back at its own settings".
    h.poll(5 * MINUTE, { ultra: BACKED_OFF }, 5 * SECOND, engine);
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual(['🟢 ultra: overheat mode cleared after 1 min']);
    h.poll(MINUTE, { ultra: OWN }, 5 * SECOND, engine);
    expect(h.ofKind('resolved').map((n) => n.text)).toContainEqual(expect.stringMatching(/^🟢 ultra: back at its own settings/));
  });

  it('≤ 2.10: the miner hashes at 50 MHz with the overheat flag still set', () => {
    const h = new Harness();
    h.poll(MINUTE, { gamma: { frequencyMhz: 525, coreVoltageMv: 1150 } });
    h.poll(MINUTE, { gamma: { frequencyMhz: 50, coreVoltageMv: 1000, overheat: true, hashrateGhs: 100, autoFan: false, fanPct: 100 } });
    expect(h.ofKind('firing').map((n) => n.text)).toContain(
      '🟠 gamma: runs below its settings after the firmware\'s overheat protection: 50 MHz / 1000 mV, fan manual 100 % ' +
        '(was 525 / 1150, auto). Once it is cool: /set gamma freq 525, /set gamma volt 1150, /set gamma fan auto',
    );
  });
});

describe('a host that is not an AxeOS miner', () => {
  it('has its own alert text instead of "offline"', () => {
    const h = new Harness();
    h.wait(30 * SECOND);
    h.engine.observeOffline('router', { lastGoodAt: null, reason: 'router: /api/system/info answered HTTP 404', notAxeOs: true });
    for (let i = 0; i < 120; i++) h.wait(SECOND);
    expect(h.ofKind('firing').map((n) => n.text)).toEqual([
      '🔴 router: not an AxeOS miner: the host answers, but as another device (router: /api/system/info answered HTTP 404); ' +
        'check its host in the config',
    ]);
  });
});
