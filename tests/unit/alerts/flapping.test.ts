import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

const WINDOW = 15 * MINUTE;

/** One outage of `downMs` as the fleet reports it; the third within the window comes with the flapping verdict. */
function outage(h: Harness, downMs: number, flapCount: { outages: number; reboots: number }): void {
  const lastGoodAt = h.clock.now();
  h.wait(30 * SECOND);
  flapCount.outages++;
  if (flapCount.outages >= 3) h.engine.observeFlapping('gamma', { flapping: true, windowMs: WINDOW, ...flapCount });
  h.engine.observeOffline('gamma', { lastGoodAt, reason: 'connection refused' });
  for (let waited = 30 * SECOND; waited < downMs; waited += SECOND) h.wait(SECOND);
  h.engine.observeOnline('gamma');
  flapCount.reboots++;
  h.engine.observeReboot('gamma', { previousUptimeS: 15, uptimeS: 2 });
  h.sample('gamma');
  for (let i = 0; i < 15; i++) h.wait(SECOND);
}

describe('flapping', () => {
  it('says so once instead of an offline alert per outage, and resolves after a quiet window', () => {
    const h = new Harness();
    h.sample('gamma');
    const count = { outages: 0, reboots: 0 };
    for (let i = 0; i < 6; i++) outage(h, 2 * MINUTE, count);

    const offline = h.sent.filter((n) => n.rule === 'offline');
    // The first two outages are ordinary ones (fired and resolved); from the third on, the flapping alert speaks.
    expect(offline.map((n) => n.kind)).toEqual(['firing', 'resolved', 'firing', 'resolved']);
    const flapping = h.sent.filter((n) => n.rule === 'flapping');
    expect(flapping.map((n) => n.kind)).toEqual(['firing']);
    expect(flapping[0]?.text).toContain('gamma: flapping: 3 outages and 2 reboots in the last 15 min');
    // Its reboots are counted there too, not announced one by one.
    expect(h.sent.filter((n) => n.rule === 'unexpectedReboot')).toHaveLength(2);

    h.wait(WINDOW);
    h.engine.observeFlapping('gamma', { flapping: false, outages: 0, reboots: 0, windowMs: WINDOW });
    for (let i = 0; i < 15; i++) h.wait(SECOND);
    expect(h.sent.filter((n) => n.rule === 'flapping').map((n) => n.kind)).toEqual(['firing', 'resolved']);
    expect(h.sent.filter((n) => n.rule === 'offline')).toHaveLength(4);
  });

  it('reports a miner that stays away after flapping as offline once the flapping ends', () => {
    const h = new Harness();
    h.sample('gamma');
    const count = { outages: 0, reboots: 0 };
    for (let i = 0; i < 2; i++) outage(h, 40 * SECOND, count);
    const lastGoodAt = h.clock.now();
    h.wait(30 * SECOND);
    h.engine.observeFlapping('gamma', { flapping: true, outages: 3, reboots: 2, windowMs: WINDOW });
    h.engine.observeOffline('gamma', { lastGoodAt, reason: 'connection refused' });
    for (let i = 0; i < 15; i++) h.wait(MINUTE);
    expect(h.sent.map((n) => n.rule)).toEqual(['unexpectedReboot', 'unexpectedReboot', 'flapping']);
    h.engine.observeFlapping('gamma', { flapping: false, outages: 0, reboots: 0, windowMs: WINDOW });
    for (let i = 0; i < 15; i++) h.wait(SECOND);
    const offline = h.sent.filter((n) => n.rule === 'offline');
    expect(offline.map((n) => n.kind)).toEqual(['firing']);
    expect(offline[0]?.text).toMatch(/offline, no answer for 16 min/);
  });
});
