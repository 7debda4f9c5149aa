import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { createAlerting } from '../../../src/alerts/alerting.js';
import { focusedArg, suggestionsFor } from '../../../src/chat/discord/interaction-words.js';
import type { ChatServices, MinerView } from '../../../src/chat/services.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { TypedEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import type { Store } from '../../../src/store/store.js';
import { fakePlatforms } from '../../fakes/chat-platform.js';
import { memoryStore, START } from '../messaging/delivery-harness.js';
import { gammaTelemetry } from '../alerts/harness.js';

const minerView = (name: string): MinerView => ({
  name, host: `http://10.0.0.${name.length}`, minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
});

let store: Store;
afterEach(() => store.close());

function servicesWithAlerts(): { services: ChatServices; fire: (miner: string, chipTempC: number) => void } {
  store = memoryStore();
  const clock = new VirtualClock(START);
  const config = parseConfig({ timezone: 'UTC', alerts: { groupWindowSeconds: 0 } }, {});
  const miners = [minerView('gamma'), minerView('supra'), minerView('gamma-attic')];
  const alerting = createAlerting({
    config, store, clock, log: silentLogger(), bus: new TypedEventBus<FleetEvents>(),
    miners: () => miners.map((m) => ({ name: m.name, minerId: m.minerId })), platforms: fakePlatforms('telegram', 'discord'),
  });
  const fire = (miner: string, chipTempC: number): void => {
    alerting.engine.observeSample(miner, gammaTelemetry({ ts: clock.now(), chipTempC }));
    alerting.engine.tick(clock.now());
  };
  return { services: { fleet: { miners: () => miners }, store, config, clock, alerts: alerting.desk }, fire };
}

const option = (name: string, value: string): { name: string; type: number; value: string; focused: boolean } => ({ name, type: 3, value, focused: true });
const command = (name: string) => ALL_COMMANDS.find((c) => c.name === name);

describe('Discord autocomplete', () => {
  it('offers the configured miners, those starting with what was typed first, and the words the option also takes', () => {
    const { services } = servicesWithAlerts();
    const history = focusedArg(command('history'), [option('miner', '')]);
    if (!history) throw new Error('no focused miner option');
    expect(suggestionsFor(history.arg, '', services).map((s) => s.value)).toEqual(['gamma', 'supra', 'gamma-attic', 'fleet']);
    expect(suggestionsFor(history.arg, 'attic', services).map((s) => s.value)).toEqual(['gamma-attic']);
  });

  it('offers the alerts firing now in /ack and /snooze, by miner and rule, and all of them', () => {
    const { services, fire } = servicesWithAlerts();
    const ack = focusedArg(command('ack'), [option('alert', '')]);
    if (!ack) throw new Error('no focused alert option');
    expect(suggestionsFor(ack.arg, '', services)).toEqual([]);
    fire('gamma', 76);
    fire('supra', 71);
    const firing = services.alerts?.firing() ?? [];
    expect(firing).toHaveLength(2);
    const offered = suggestionsFor(ack.arg, '', services);
    expect(offered.map((s) => s.value)).toEqual([...firing.map((a) => a.id), 'all']);
    expect(offered[0]?.name).toMatch(/^gamma · chip temperature/);
    const snooze = focusedArg(command('snooze'), [option('alert', 'sup'), { name: 'duration', type: 3, value: '1h', focused: false }]);
    if (!snooze) throw new Error('no focused alert option');
    expect(suggestionsFor(snooze.arg, snooze.typed, services).map((s) => s.name)).toEqual([expect.stringMatching(/^supra · /)]);
  });
});
