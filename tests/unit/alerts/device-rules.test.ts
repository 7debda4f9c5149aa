import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

describe('rejected shares', () => {
  it('fires over the hour from counter deltas across a reboot that resets the counters', () => {
    const h = new Harness();
    let accepted = 5000;
    let rejected = 100;
    // Before the reboot: 30 min of good shares only.
    h.poll(30 * MINUTE, { gamma: () => ({ sharesAccepted: (accepted += 10), sharesRejected: rejected }) }, MINUTE);
    expect(h.sent).toEqual([]);
    // The reboot: since-boot counters start again; then one share in six is rejected.
    accepted = 8;
    rejected = 2;
    h.poll(MINUTE, { gamma: { sharesAccepted: accepted, sharesRejected: rejected, uptimeS: 50 } }, MINUTE);
    h.poll(9 * MINUTE, { gamma: () => ({ sharesAccepted: (accepted += 10), sharesRejected: (rejected += 2) }) }, MINUTE);
    expect(h.sent).toEqual([]);
    h.poll(2 * MINUTE, { gamma: () => ({ sharesAccepted: (accepted += 10), sharesRejected: (rejected += 2) }) }, MINUTE);
    expect(h.sent.map((n) => n.text)).toEqual([
      '🟠 gamma: rejected shares 5.2 % over the last hour (22 of 420; warning > 5 %)',
    ]);
    // An hour of good shares pushes the bad minutes out of the window.
    h.poll(75 * MINUTE, { gamma: () => ({ sharesAccepted: (accepted += 10), sharesRejected: rejected }) }, MINUTE);
    expect(h.ofKind('resolved')).toHaveLength(1);
  });

  it('says nothing with fewer than 20 shares in the hour', () => {
    const h = new Harness();
    let rejected = 0;
    h.poll(2 * 60 * MINUTE, { gamma: () => ({ sharesAccepted: 10, sharesRejected: (rejected += 1) }) }, 5 * MINUTE);
    expect(h.sent).toEqual([]);
  });
});

describe('fan failure', () => {
  it('fires after 30 s at 0 rpm while driven, never on an unknown rpm or an idle fan', () => {
    const h = new Harness();
    h.poll(25 * SECOND, { gamma: { fanRpm: 0, fanPct: 100 } });
    h.poll(MINUTE, { gamma: { fanRpm: 4000, fanPct: 100 } });
    h.poll(10 * MINUTE, { unknown: { fanRpm: null, fanPct: 100 }, idle: { fanRpm: 0, fanPct: 0 } });
    expect(h.sent).toEqual([]);
    h.poll(45 * SECOND, { gamma: { fanRpm: 0, fanPct: 100 } });
    expect(h.sent.map((n) => [n.severity, n.text])).toEqual([['critical', '🔴 gamma: fan stopped: 0 rpm at 100 % duty']]);
  });
});

describe('input voltage', () => {
  it('judges each board by its own window: a 12 V Hex at 12.0 V is fine, a Gamma at 4.6 V is not', () => {
    const h = new Harness();
    h.poll(5 * MINUTE, { hex: { model: 'hex', inputVoltageV: 12.0 }, gamma: { model: 'gamma', inputVoltageV: 4.6 } });
    expect(h.sent.map((n) => n.text)).toEqual(['🟠 gamma: input 4.60 V, outside 4.8–5.5 V for a Bitaxe Gamma']);
  });

  it('needs a minute outside the window, and a minute back inside to resolve', () => {
    const h = new Harness();
    h.poll(50 * SECOND, { gamma: { inputVoltageV: 4.7 } });
    h.poll(MINUTE, { gamma: { inputVoltageV: 5.0 } });
    expect(h.sent).toEqual([]);
    h.poll(2 * MINUTE, { gamma: { inputVoltageV: 4.7 } });
    h.poll(30 * SECOND, { gamma: { inputVoltageV: 4.85 } });
    h.poll(10 * SECOND, { gamma: { inputVoltageV: 4.75 } });
    h.poll(50 * SECOND, { gamma: { inputVoltageV: 4.9 } });
    expect(h.sent.map((n) => n.kind)).toEqual(['firing']);
    h.poll(30 * SECOND, { gamma: { inputVoltageV: 4.9 } });
    expect(h.sent.map((n) => n.kind)).toEqual(['firing', 'resolved']);
  });

  it('guesses the window of an unidentified board from its reading', () => {
    const h = new Harness();
    h.poll(2 * MINUTE, { odd: { model: null, inputVoltageV: 11.0 }, fine: { model: null, inputVoltageV: 5.0 } });
    expect(h.sent.map((n) => n.text)).toEqual(['🟠 odd: input 11.00 V, outside 11.4–12.6 V for a 12 V board']);
  });
});

describe('pool and firmware flags', () => {
  it('warns after a minute on the fallback pool', () => {
    const h = new Harness();
    h.poll(50 * SECOND, { gamma: { usingFallbackPool: true, poolUrl: 'stratum+tcp://backup.example:3333' } });
    expect(h.sent).toEqual([]);
    h.poll(30 * SECOND, { gamma: { usingFallbackPool: true, poolUrl: 'stratum+tcp://backup.example:3333' } });
    expect(h.sent.map((n) => [n.severity, n.text])).toEqual([
      ['warning', '🟠 gamma: mining on the fallback pool (stratum+tcp://backup.example:3333)'],
    ]);
  });

  it('raises overheat mode, power faults and hardware faults as critical at once', () => {
    const h = new Harness();
    h.poll(15 * SECOND, {
      hot: { overheat: true, chipTempC: 65, vrTempC: 80, hashrateGhs: 0 },
      psu: { powerFault: 'VIN undervoltage' },
      asic: { hardwareFault: 'ASIC not detected' },
    });
    expect(h.sent.map((n) => [n.rule, n.severity, n.text]).sort()).toEqual([
      ['hardwareFault', 'critical', '🔴 asic: hardware fault: ASIC not detected'],
      ['overheat', 'critical', '🔴 hot: overheat mode: the firmware stopped hashing, chip 65.0 °C'],
      ['powerFault', 'critical', '🔴 psu: power fault: VIN undervoltage'],
    ]);
  });
});
