import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src/alerts/engine/engine.js';
import { AlertService } from '../../../src/alerts/engine/alert-service.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { TypedEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { FleetEvents, MinerRef } from '../../../src/fleet/events.js';
import { alertConfig, gammaTelemetry, NOON, SECOND } from './harness.js';

describe('AlertService', () => {
  it('listens to the fleet bus, ticks on the clock, and lets go of both on stop', async () => {
    const clock = new VirtualClock(NOON);
    const bus = new TypedEventBus<FleetEvents>();
    const sent: AlertNotification[] = [];
    const engine = new AlertEngine({ config: alertConfig(), clock, onNotification: (n) => sent.push(n) });
    const service = new AlertService({ engine, bus, clock, log: silentLogger() });
    const miner: MinerRef = { name: 'gamma', host: 'http://192.168.1.20', minerId: 1 };

    await service.start();
    expect(bus.listenerCount('sample')).toBe(1);
    bus.emit('sample', { miner, telemetry: gammaTelemetry({ ts: clock.now(), chipTempC: 76 }) });
    await clock.advance(5 * SECOND);
    expect(sent).toEqual([]);
    await clock.advance(6 * SECOND);
    expect(sent.map((n) => n.text)).toEqual(['🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)']);

    bus.emit('offline', { miner, at: clock.now(), lastGoodAt: clock.now() - 30 * SECOND, reason: 'timeout' });
    await clock.advance(45 * SECOND);
    expect(sent.map((n) => n.rule)).toEqual(['chipTemp', 'offline']);

    await service.stop();
    expect(bus.listenerCount('sample')).toBe(0);
    expect(clock.pendingSleeps).toBe(0);
  });
});
