import { afterEach, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { TypedEventBus } from '../../../src/core/events.js';
import { createLogger } from '../../../src/core/logger.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import { MqttBridge } from '../../../src/integrations/mqtt/bridge.js';
import { WatchedMiners, type WatchedLoop } from '../../../src/integrations/watched-miners.js';
import { sampleTelemetry } from '../../unit/integrations/telemetry-fixture.js';
import { Listener, startBroker, type TestBroker } from './mqtt-broker.js';

describe('MQTT state publishing', () => {
  let broker: TestBroker | null = null;
  let bridge: MqttBridge | null = null;
  let listener: Listener | null = null;
  afterEach(async () => {
    await listener?.close();
    await bridge?.stop();
    await broker?.close();
  });

  it('publishes a miner state at most every stateIntervalSeconds, and only when it changed', async () => {
    broker = await startBroker();
    const clock = new VirtualClock();
    let telemetry: Telemetry = sampleTelemetry({ ts: clock.now() });
    const loop: WatchedLoop = {
      miner: { name: 'gamma', host: 'http://192.168.1.20', minerId: 1 },
      get latestTelemetry() {
        return telemetry;
      },
      asicInfo: null,
      health: { isOnline: true, lastGoodPollAt: 0 },
    };
    const miners = new WatchedMiners({ loops: () => [loop], energyJoules: () => 0 });
    const config = parseConfig({ mqtt: { enabled: true, url: broker.url, stateIntervalSeconds: 30 } }, {}).mqtt;
    bridge = new MqttBridge({ config, miners, bus: new TypedEventBus<FleetEvents>(), clock, log: createLogger({ level: 'silent' }), guard: null });
    listener = await Listener.connect(broker.url, ['axepilot/aabbcc000001/state']);
    await bridge.start();
    await listener.waitFor(() => true, 'the state on connect');
    await bridge.idle();
    const states = (): number => listener!.messages.length;
    expect(states()).toBe(1);

    // Unchanged: nothing more, however many intervals pass.
    await clock.advance(90_000);
    expect(bridge.publishStates()).toBe(0);

    // Changed twice within one interval: one message, at the interval's end.
    telemetry = sampleTelemetry({ ts: clock.now(), hashrateGhs: 1100 });
    await clock.advance(10_000);
    telemetry = sampleTelemetry({ ts: clock.now(), hashrateGhs: 1000 });
    await clock.advance(19_000);
    expect(states()).toBe(1);
    await clock.advance(1_000);
    await listener.waitFor((m) => m.payload.includes('"hashrate":1000'), 'the changed state');
    expect(states()).toBe(2);
    expect(listener.messages.filter((m) => m.payload.includes('"hashrate":1100'))).toEqual([]);
  });
});
