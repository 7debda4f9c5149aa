import { describe, expect, it } from 'vitest';
import { InMemoryAlertStateStore } from '../../../src/alerts/engine/state-store.js';
import { Harness, HOUR, MINUTE, SECOND } from './harness.js';

describe('a restart', () => {
  it('neither re-sends what fired nor forgets it: the resolution still comes, with the full duration', () => {
    const h = new Harness({ alerts: { repeatMinutes: 60 } });
    h.sample('gamma', { chipTempC: 76 });
    h.wait(15 * SECOND);
    h.engine.acknowledge(h.sent[0]?.alertIds[0] ?? '', 'owner');
    h.engine.mute('beta', h.clock.now() + HOUR, 'owner');

    const engine = h.restart();
    expect(engine.firing().map((a) => [a.miner, a.acknowledgedBy])).toEqual([['gamma', 'owner']]);
    expect(engine.activeMutes().map((m) => m.target)).toEqual(['beta']);
    h.wait(2 * HOUR, engine);
    expect(h.sent).toHaveLength(1);

    h.sample('gamma', { chipTempC: 60 }, engine);
    h.wait(15 * SECOND, engine);
    expect(h.sent.map((n) => n.text)).toEqual([
      '🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)',
      '🟢 gamma: chip temperature back to 60.0 °C after 2 h',
    ]);
  });

  it('delivers a message that was waiting in its group window when the process stopped', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 76 });
    h.wait(5 * SECOND);
    expect(h.sent).toEqual([]);
    const engine = h.restart();
    h.wait(MINUTE, engine);
    expect(h.sent.map((n) => n.rule)).toEqual(['chipTemp']);
  });

  it('keeps pending alerts out of the store', () => {
    const store = new InMemoryAlertStateStore();
    const h = new Harness({ store });
    h.poll(MINUTE, { gamma: { hashrateGhs: 500, hashrate1mGhs: 500 } });
    expect(store.loadAlerts()).toEqual([]);
    h.sample('gamma', { chipTempC: 76 });
    expect(store.loadAlerts().map((a) => [a.rule, a.state])).toEqual([['chipTemp', 'firing']]);
  });
});

describe('the outbox callback', () => {
  it('is retried on the next tick when it throws, and the message goes out once', () => {
    let failures = 2;
    const h = new Harness({ failing: () => failures-- > 0 });
    h.sample('gamma', { chipTempC: 76 });
    h.wait(10 * SECOND);
    expect(h.sent).toEqual([]);
    h.wait(SECOND);
    expect(h.sent).toEqual([]);
    h.wait(SECOND);
    h.wait(SECOND);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing']);
  });
});

describe('testNotification', () => {
  it('is composed like a real alert and says who asked; the desk, not the engine, sends it to the asking chat', () => {
    const h = new Harness({ alerts: { quietHours: { from: '00:00', to: '23:59' } } });
    const test = h.engine.testNotification('telegram:42');
    expect(h.sent).toEqual([]);
    expect(test).toMatchObject({ rule: 'test', silent: false, actionable: false });
    expect(test.text).toContain('telegram:42');
  });
});

describe('firing()', () => {
  it('lists what fires now, worst first, without pending or resolved alerts', () => {
    const h = new Harness();
    h.sample('alpha', { chipTempC: 71 });
    h.wait(SECOND);
    h.sample('beta', { chipTempC: 76 });
    h.sample('gamma', { hashrateGhs: 500, hashrate1mGhs: 500 });
    h.sample('delta', { vrTempC: 95 });
    h.sample('delta', { vrTempC: 50 });
    expect(h.engine.firing().map((a) => [a.miner, a.ruleTitle, a.severity])).toEqual([
      ['beta', 'chip temperature', 'critical'],
      ['alpha', 'chip temperature', 'warning'],
    ]);
  });
});
