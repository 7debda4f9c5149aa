import { describe, expect, it } from 'vitest';
import { Harness, SECOND } from './harness.js';

describe('chip temperature', () => {
  it('fires once at the critical line, stays critical until 3 °C below it, and is not resolved by dropping to warning', () => {
    const h = new Harness();
    for (const chipTempC of [75.1, 74.9, 75.1, 74.9, 75.2, 74.8, 73.5, 72.5]) {
      h.sample('gamma', { chipTempC });
      h.wait(5 * SECOND);
    }
    expect(h.sent.map((n) => [n.kind, n.severity])).toEqual([['firing', 'critical']]);
    expect(h.sent[0]?.text).toBe('🔴 gamma: chip 75.1 °C (critical ≥ 75 °C)');
    expect(h.engine.firing().map((a) => a.severity)).toEqual(['critical']);

    expect(h.engine.firing()[0]?.summary).toBe('chip 72.5 °C (critical until ≤ 72 °C)');

    h.sample('gamma', { chipTempC: 72 });
    h.wait(15 * SECOND);
    expect(h.engine.firing().map((a) => a.severity)).toEqual(['warning']);
    expect(h.sent).toHaveLength(1);

    h.sample('gamma', { chipTempC: 67.5 });
    h.wait(15 * SECOND);
    expect(h.sent).toHaveLength(1);
    h.sample('gamma', { chipTempC: 67 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing', 'resolved']);
    expect(h.engine.firing()).toEqual([]);
  });

  it('resolves at the critical line minus the hysteresis when the warning line is the same', () => {
    const h = new Harness({ miners: [{ name: 'gamma', host: '10.0.0.5', limits: { chipTempWarnC: 75 } }] });
    h.sample('gamma', { chipTempC: 75.1 });
    for (const chipTempC of [74.9, 75.1, 74.9, 72.1]) {
      h.wait(5 * SECOND);
      h.sample('gamma', { chipTempC });
    }
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing']);
    h.sample('gamma', { chipTempC: 72 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing', 'resolved']);
    expect(h.sent[1]?.text).toBe('🟢 gamma: chip temperature back to 72.0 °C after 35 s');
  });

  it('sends a new message when a warning escalates to critical, and none when it goes back', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 71 });
    h.wait(15 * SECOND);
    h.sample('gamma', { chipTempC: 76.3 });
    h.wait(15 * SECOND);
    h.sample('gamma', { chipTempC: 71 });
    h.wait(15 * SECOND);
    h.sample('gamma', { chipTempC: 76 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => `${n.kind}:${n.severity}`)).toEqual(['firing:warning', 'firing:critical']);
    expect(h.sent[0]?.text).toBe('🟠 gamma: chip 71.0 °C (warning ≥ 70 °C)');
    expect(h.sent[1]?.text).toBe('🔴 gamma: chip 76.3 °C (critical ≥ 75 °C)');
    // The same alert instance: its buttons act on one id.
    expect(h.sent[0]?.alertIds).toEqual(h.sent[1]?.alertIds);
  });

  it('escalation clears an earlier acknowledgement, so critical reminders come again', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 71 });
    h.wait(15 * SECOND);
    const id = h.sent[0]?.alertIds[0] ?? '';
    expect(h.engine.acknowledge(id, 'owner')).toHaveLength(1);
    h.sample('gamma', { chipTempC: 76 });
    h.wait(15 * SECOND);
    expect(h.engine.firing()[0]?.acknowledgedBy).toBeNull();
  });

  it('uses the hotter of the two chip sensors and each miner’s own limits', () => {
    const h = new Harness({ miners: [{ name: 'attic', host: '10.0.0.6', limits: { chipTempWarnC: 65 } }] });
    h.sample('gamma', { chipTempC: 60, chipTemp2C: 71 });
    h.sample('attic', { chipTempC: 66 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.text)).toEqual([
      '🟠 chip temperature on 2 miners\n• attic: chip 66.0 °C (warning ≥ 65 °C)\n• gamma: chip 71.0 °C (warning ≥ 70 °C)',
    ]);
  });
});

describe('VR temperature', () => {
  it('warns at 90 °C, is critical at 105 °C, and never alerts without a sensor', () => {
    const h = new Harness();
    h.sample('gamma', { vrTempC: 91 });
    h.sample('max', { vrTempC: null });
    h.wait(15 * SECOND);
    h.sample('gamma', { vrTempC: 105 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.text)).toEqual(['🟠 gamma: VR 91.0 °C (warning ≥ 90 °C)', '🔴 gamma: VR 105.0 °C (critical ≥ 105 °C)']);
  });
});
