import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

/** What the fleet does: polls fail, after 30 s it announces offline with the last good poll's time. */
function goOffline(h: Harness, miner = 'gamma'): number {
  const lastGoodAt = h.clock.now();
  h.wait(30 * SECOND);
  h.engine.observeOffline(miner, { lastGoodAt, reason: 'timeout' });
  return lastGoodAt;
}

describe('offline', () => {
  it('fires 60 s after the last good poll, critical, and resolves with the outage length when back', () => {
    const h = new Harness();
    h.sample('gamma');
    goOffline(h);
    for (let i = 0; i < 25; i++) h.wait(SECOND);
    expect(h.sent).toEqual([]);
    for (let i = 0; i < 20; i++) h.wait(SECOND);
    expect(h.sent.map((n) => [n.kind, n.severity, n.text])).toEqual([
      ['firing', 'critical', '🔴 gamma: offline, no answer for 1 min (timeout)'],
    ]);
    h.wait(12 * MINUTE - 75 * SECOND);
    h.engine.observeOnline('gamma');
    h.sample('gamma');
    for (let i = 0; i < 15; i++) h.wait(SECOND);
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual(['🟢 gamma: back online after 12 min']);
  });

  it('says nothing about a miner that is back before the 60 s are up', () => {
    const h = new Harness();
    h.sample('gamma');
    goOffline(h);
    h.wait(20 * SECOND);
    h.engine.observeOnline('gamma');
    h.wait(5 * MINUTE);
    expect(h.sent).toEqual([]);
  });

  it('starts a pending "for" again after an outage, as nobody watched it meanwhile', () => {
    const h = new Harness();
    const low = { hashrateGhs: 500, hashrate1mGhs: 500 };
    h.poll(9 * MINUTE, { gamma: low });
    goOffline(h);
    for (let i = 0; i < 5; i++) h.wait(MINUTE);
    h.engine.observeOnline('gamma');
    h.poll(9 * MINUTE, { gamma: low });
    expect(h.sent.map((n) => n.rule)).toEqual(['offline', 'offline']);
    h.poll(2 * MINUTE, { gamma: low });
    expect(h.sent.map((n) => n.rule)).toEqual(['offline', 'offline', 'lowHashrate']);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing', 'resolved', 'firing']);
  });

  it('holds other alerts’ reminders while the miner is offline', () => {
    const h = new Harness({ alerts: { repeatMinutes: 60 } });
    h.sample('gamma', { chipTempC: 71 });
    goOffline(h);
    for (let i = 0; i < 3 * 60 + 5; i++) h.wait(MINUTE);
    expect(h.sent.map((n) => `${n.kind}:${n.rule}`)).toEqual([
      'firing:chipTemp',
      'firing:offline',
      'reminder:offline',
      'reminder:offline',
      'reminder:offline',
    ]);
  });

  it('waits for the deadline of a restart axepilot asked for before calling a slow boot an outage', () => {
    const h = new Harness();
    h.sample('gamma');
    h.engine.expectRestart('gamma', h.clock.now() + 3 * MINUTE);
    goOffline(h);
    for (let i = 0; i < 145; i++) h.wait(SECOND);
    expect(h.sent).toEqual([]);
    for (let i = 0; i < 20; i++) h.wait(SECOND);
    expect(h.sent.map((n) => n.text)).toEqual(['🔴 gamma: offline, no answer for 3 min (timeout)']);
  });
});

describe('unexpected reboot', () => {
  it('is an info message, once, without buttons or reminders', () => {
    const h = new Harness({ alerts: { repeatMinutes: 1 } });
    h.sample('gamma', { uptimeS: 3 * 3600 + 12 * 60 });
    h.wait(5 * SECOND);
    h.engine.observeReboot('gamma', { previousUptimeS: 3 * 3600 + 12 * 60, uptimeS: 8 });
    h.sample('gamma', { uptimeS: 8 });
    for (let i = 0; i < 10; i++) h.wait(MINUTE);
    expect(h.sent.map((n) => [n.kind, n.severity, n.text, n.actionable])).toEqual([
      ['firing', 'info', 'ℹ️ gamma: rebooted unexpectedly (it had been up 3 h 12 min)', false],
    ]);
    expect(h.engine.firing()).toEqual([]);
  });

  it('is no news when axepilot asked for the restart, and news again for the next one', () => {
    const h = new Harness();
    h.sample('gamma');
    h.engine.expectRestart('gamma', h.clock.now() + 2 * MINUTE);
    h.wait(20 * SECOND);
    h.engine.observeReboot('gamma', { previousUptimeS: 3600, uptimeS: 5 });
    h.wait(MINUTE);
    expect(h.sent).toEqual([]);
    h.engine.observeReboot('gamma', { previousUptimeS: 60, uptimeS: 5 });
    h.wait(MINUTE);
    expect(h.sent.map((n) => n.rule)).toEqual(['unexpectedReboot']);
  });

  it('groups a power cut that reboots the whole fleet into one message', () => {
    const h = new Harness();
    for (const miner of ['alpha', 'beta', 'gamma']) h.engine.observeReboot(miner, { previousUptimeS: 86_400, uptimeS: 4 });
    h.wait(15 * SECOND);
    expect(h.sent.map((n) => n.miners)).toEqual([['alpha', 'beta', 'gamma']]);
    expect(h.sent[0]?.text.split('\n')[0]).toBe('ℹ️ unexpected reboot on 3 miners');
  });
});
