import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

const LOW = { hashrateGhs: 700, hashrate1mGhs: 700 };
const NORMAL = { hashrateGhs: 1071, hashrate1mGhs: 1068 };

describe('low hashrate', () => {
  it('never fires for a 30 s dip', () => {
    const h = new Harness();
    h.poll(MINUTE, { gamma: NORMAL });
    h.poll(30 * SECOND, { gamma: LOW });
    h.poll(20 * MINUTE, { gamma: NORMAL });
    expect(h.sent).toEqual([]);
  });

  it('fires after 10 min below 80 % of expected, once, and resolves after a minute back above', () => {
    const h = new Harness();
    h.poll(9 * MINUTE + 50 * SECOND, { gamma: LOW });
    expect(h.sent).toEqual([]);
    h.poll(30 * SECOND, { gamma: LOW });
    expect(h.sent.map((n) => n.text)).toEqual(['🟠 gamma: hashrate 0.70 TH/s, 65 % of expected 1.07 TH/s (warning < 80 %)']);
    h.poll(30 * MINUTE, { gamma: LOW });
    expect(h.ofKind('firing')).toHaveLength(1);
    h.poll(30 * SECOND, { gamma: NORMAL });
    expect(h.ofKind('resolved')).toEqual([]);
    h.poll(MINUTE, { gamma: NORMAL });
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual([
      '🟢 gamma: hashrate back to 1.07 TH/s (100 % of expected) after 30 min',
    ]);
  });

  it('prefers the 1-minute average to the noisy instant reading', () => {
    const h = new Harness();
    h.poll(15 * MINUTE, { gamma: { hashrateGhs: 700, hashrate1mGhs: 1000 } });
    expect(h.sent).toEqual([]);
    h.poll(15 * MINUTE, { gamma: { hashrateGhs: 1000, hashrate1mGhs: null } });
    expect(h.sent).toEqual([]);
  });

  it('is quiet during the first 10 min after boot and while paused', () => {
    const h = new Harness();
    h.poll(9 * MINUTE, { gamma: (at) => ({ ...LOW, uptimeS: Math.round((at - h.clock.now()) / 1000) + 10 }) });
    h.poll(15 * MINUTE, { gamma: { ...LOW, miningPaused: true } });
    expect(h.sent).toEqual([]);
  });
});

describe('flatline', () => {
  const ZERO = { hashrateGhs: 0, hashrate1mGhs: 0 };

  it('fires after 2 min at 0 GH/s while the miner answers, as critical', () => {
    const h = new Harness();
    h.poll(115 * SECOND, { gamma: ZERO });
    expect(h.sent).toEqual([]);
    h.poll(20 * SECOND, { gamma: ZERO });
    expect(h.sent.map((n) => [n.rule, n.severity])).toEqual([['flatline', 'critical']]);
    h.poll(15 * SECOND, { gamma: NORMAL });
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual(['🟢 gamma: hashing again at 1.07 TH/s after 15 s']);
  });

  it('does not fire in the first 2 min after boot, while paused, or in overheat mode (which has its own alert)', () => {
    const h = new Harness();
    const bootAt = h.clock.now();
    h.poll(2 * MINUTE, { gamma: (at) => ({ ...ZERO, uptimeS: Math.round((at - bootAt) / 1000) }) });
    expect(h.sent).toEqual([]);
    h.poll(5 * MINUTE, { paused: { ...ZERO, miningPaused: true }, hot: { ...ZERO, overheat: true } });
    expect(h.sent.map((n) => `${n.rule}:${n.miners.join()}`)).toEqual(['overheat:hot']);
  });

  it('does not also raise low hashrate for a miner at zero', () => {
    const h = new Harness();
    h.poll(20 * MINUTE, { gamma: ZERO });
    expect(h.sent.map((n) => n.rule)).toEqual(['flatline']);
  });
});
