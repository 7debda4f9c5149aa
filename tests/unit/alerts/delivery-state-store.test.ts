import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src/alerts/engine/engine.js';
import { SqliteAlertStateStore } from '../../../src/alerts/engine/sqlite-state-store.js';
import type { Store } from '../../../src/store/store.js';
import { memoryStore } from '../messaging/delivery-harness.js';
import { alertConfig, gammaTelemetry, Harness, HOUR, SECOND } from './harness.js';

let store: Store;
afterEach(() => store.close());

describe('the SQLite alert state store', () => {
  it('keeps alerts, mutes and miner records as they were saved', () => {
    store = memoryStore();
    const first = new SqliteAlertStateStore(store.db);
    const h = new Harness({ store: first });
    h.sample('gamma', { chipTempC: 76 });
    h.wait(10 * SECOND);
    h.engine.mute('Beta', h.clock.now() + HOUR, 'owner');

    const reopened = new SqliteAlertStateStore(store.db);
    expect(reopened.loadAlerts()).toEqual(first.loadAlerts());
    expect(reopened.loadAlerts().map((a) => [a.rule, a.miner, a.state, a.announcedSeverity])).toEqual([['chipTemp', 'gamma', 'firing', 'critical']]);
    expect(reopened.loadMutes().map((m) => [m.target, m.by])).toEqual([['Beta', 'owner']]);
    expect(reopened.loadMinerRecords()).toEqual([{ miner: 'gamma', bestDiff: 1.2e9, blocksFound: 0 }]);

    const [alert] = reopened.loadAlerts();
    reopened.deleteAlert(alert?.id ?? '');
    expect(first.loadAlerts()).toEqual([]);
  });

  it('lets an engine started on the same database neither re-send nor forget', () => {
    store = memoryStore();
    const h = new Harness({ store: new SqliteAlertStateStore(store.db), alerts: { repeatMinutes: 60 } });
    h.sample('gamma', { chipTempC: 76, bestDiff: 5e9 });
    h.wait(10 * SECOND);
    h.engine.acknowledge(h.sent[0]?.alertIds[0] ?? '', 'Anna');

    const sent: string[] = [];
    const engine = new AlertEngine({
      config: alertConfig({ alerts: { repeatMinutes: 60 } }), clock: h.clock, store: new SqliteAlertStateStore(store.db),
      onNotification: (n) => sent.push(n.text),
    });
    engine.restore();
    expect(engine.firing().map((a) => [a.miner, a.acknowledgedBy])).toEqual([['gamma', 'Anna']]);
    h.wait(2 * HOUR, engine);
    // The best difficulty from before the restart is remembered, so beating it is news at once.
    engine.observeSample('gamma', gammaTelemetry({ ts: h.clock.now(), chipTempC: 60, bestDiff: 6e9 }));
    h.wait(10 * SECOND, engine);
    expect(sent).toEqual([
      '🟢 gamma: chip temperature back to 60.0 °C after 2 h',
      '🎉 gamma: new best difficulty 6.00G (previous best 5.00G)',
    ]);
  });
});
