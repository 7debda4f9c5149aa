import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/control/audit-log.js';
import { parseExposition } from './prometheus-text.js';
import { Listener, startBroker, type Received, type TestBroker } from './mqtt-broker.js';
import { nextFleetEvent, startIntegrationRig, type IntegrationRig } from './rig.js';

const DISCOVERY = 'homeassistant/device/+/config';

interface Discovery {
  device: { identifiers: string[]; name: string; via_device?: string; sw_version?: string };
  origin: { name: string };
  state_topic: string;
  availability: Array<{ topic: string }>;
  components: Record<string, Record<string, unknown>>;
}

describe('Home Assistant over MQTT', () => {
  let broker: TestBroker | null = null;
  let rig: IntegrationRig | null = null;
  const listeners: Listener[] = [];
  afterEach(async () => {
    for (const l of listeners.splice(0)) await l.close();
    await rig?.close();
    rig = null;
    await broker?.close();
    broker = null;
  });

  async function start(allowControls: boolean, models: Parameters<typeof startIntegrationRig>[0]['models'] = ['gamma']): Promise<IntegrationRig> {
    broker = await startBroker();
    rig = await startIntegrationRig({
      models, config: { mqtt: { enabled: true, url: broker.url, stateIntervalSeconds: 1, allowControls }, alerts: { groupWindowSeconds: 0 } },
    });
    return rig;
  }

  async function listen(topics: string[]): Promise<Listener> {
    const listener = await Listener.connect(broker!.url, topics);
    listeners.push(listener);
    return listener;
  }

  function minerKey(r: IntegrationRig, name = 'sim-gamma-1'): string {
    const key = r.service.integrations.miners.byName(name)?.key;
    if (!key) throw new Error(`no key for ${name}`);
    return key;
  }

  const isConfigOf = (key: string) => (m: Received): boolean => m.topic === `homeassistant/device/axepilot_${key}/config` && m.payload !== '';

  it('publishes retained device discovery, availability and state; the energy sensor is ready for the Energy dashboard', async () => {
    const r = await start(false);
    const key = minerKey(r);
    const early = await listen([DISCOVERY, 'axepilot/#']);
    await early.waitFor(isConfigOf(key), 'the miner discovery');
    await early.waitFor((m) => m.topic === `axepilot/${key}/state`, 'the first state');
    await early.waitFor((m) => m.topic === `axepilot/${key}/availability` && m.payload === 'online', 'the miner online');
    // Retained: a Home Assistant that subscribes later (as this second listener does) still gets all of it from the
    // broker. (A subscriber that was there when it was published sees it live, with the retain flag cleared.)
    const ha = await listen([DISCOVERY, 'axepilot/#']);
    const config = await ha.waitFor(isConfigOf(key), 'the retained miner discovery');
    expect(config.retain).toBe(true);
    const discovery = JSON.parse(config.payload) as Discovery;
    expect(discovery.device).toMatchObject({ identifiers: [`axepilot_${key}`], name: 'sim-gamma-1', via_device: 'axepilot_bridge' });
    expect(discovery.origin.name).toBe('axepilot');
    expect(discovery.availability.map((a) => a.topic)).toEqual(['axepilot/bridge/availability', `axepilot/${key}/availability`]);
    expect(discovery.components.energy).toMatchObject({ platform: 'sensor', device_class: 'energy', unit_of_measurement: 'kWh', state_class: 'total_increasing' });
    expect(discovery.components.power).toMatchObject({ device_class: 'power', unit_of_measurement: 'W', state_class: 'measurement' });
    expect(discovery.components.asic_temp).toMatchObject({ device_class: 'temperature', unit_of_measurement: '°C' });
    expect(discovery.components.alert).toMatchObject({ platform: 'event', event_types: expect.arrayContaining(['overheat', 'offline', 'chipTemp', 'control_refused']) as unknown });
    for (const [id, component] of Object.entries(discovery.components)) {
      expect(component.unique_id, id).toBe(`axepilot_${key}_${id}`);
      expect(component.object_id, id).toBeUndefined();
    }
    // Controls only when the owner allowed them.
    expect(discovery.components.restart).toBeUndefined();
    expect(discovery.components.frequency_setting).toBeUndefined();

    const bridge = await ha.waitFor((m) => m.topic === 'axepilot/bridge/availability', 'bridge availability');
    expect(bridge).toMatchObject({ payload: 'online', retain: true });
    await ha.waitFor((m) => m.topic === 'homeassistant/device/axepilot_bridge/config' && m.retain, 'the bridge device');
    const state = await ha.waitFor((m) => m.topic === `axepilot/${key}/state`, 'the state');
    expect(state.retain).toBe(true);
    expect(JSON.parse(state.payload)).toMatchObject({ hashrate: expect.any(Number) as unknown, power: expect.any(Number) as unknown, overheat: 'OFF' });
    await ha.waitFor((m) => m.topic === `axepilot/${key}/availability` && m.payload === 'online' && m.retain, 'miner availability');
  });

  it('the last will marks axepilot offline when its connection drops', async () => {
    const r = await start(false);
    const ha = await listen(['axepilot/bridge/availability']);
    await ha.waitFor((m) => m.payload === 'online', 'online first');
    const from = ha.messages.length;
    const ours = [...broker!.clients.values()].find((c) => c.id.startsWith('axepilot-'));
    expect(ours).toBeTruthy();
    ours!.conn.destroy();
    await ha.waitFor((m) => m.payload === 'offline', 'the last will', from);
    // Delivered live to those listening, and kept for whoever subscribes next (HA after its own restart).
    const later = await listen(['axepilot/bridge/availability']);
    const retained = await later.waitFor(() => true, 'the retained availability');
    expect(retained).toMatchObject({ payload: 'offline', retain: true });
    expect(r).toBeTruthy();
  });

  it('publishes discovery again when Home Assistant announces itself online', async () => {
    const r = await start(false);
    const key = minerKey(r);
    const ha = await listen([DISCOVERY]);
    await ha.waitFor(isConfigOf(key), 'the retained discovery');
    const from = ha.messages.length;
    await ha.publish('homeassistant/status', 'online');
    const again = await ha.waitFor(isConfigOf(key), 'discovery after the birth message', from);
    expect(JSON.parse(again.payload)).toMatchObject({ device: { name: 'sim-gamma-1' } });
  });

  it('ignores commands unless mqtt.allowControls is on', async () => {
    const r = await start(false);
    const key = minerKey(r);
    const ha = await listen([DISCOVERY]);
    await ha.waitFor(isConfigOf(key), 'the retained discovery');
    const before = r.service.collector.find('sim-gamma-1')?.latestTelemetry?.frequencyMhz;
    const options = r.service.collector.find('sim-gamma-1')?.asicInfo?.frequencyOptionsMhz ?? [];
    const other = options.find((f) => f !== before);
    expect(other).toBeDefined();
    await ha.publish(`axepilot/${key}/set/frequency`, String(other));
    await ha.publish(`axepilot/${key}/set/restart`, 'PRESS');
    // Messages reach the bridge in order: once the birth message is answered, the commands before it were handled.
    const from = ha.messages.length;
    await ha.publish('homeassistant/status', 'online');
    await ha.waitFor(isConfigOf(key), 'discovery after the birth message', from);
    await r.service.integrations.mqtt?.idle();
    expect(new AuditLog(r.service.store.db).list({ limit: 10 })).toEqual([]);
    expect(r.sims.miners[0]!.device.state().settings.frequencyMhz).toBe(before);
  });

  it('with controls allowed: a select offers the device options, a value outside them is refused by the guard and said as an event', async () => {
    const r = await start(true);
    const key = minerKey(r);
    const ha = await listen([DISCOVERY, `axepilot/${key}/event`]);
    const config = JSON.parse((await ha.waitFor((m) => isConfigOf(key)(m) && m.payload.includes('frequency_setting'), 'discovery with controls')).payload) as Discovery;
    const options = r.service.collector.find('sim-gamma-1')?.asicInfo?.frequencyOptionsMhz ?? [];
    expect(config.components.frequency_setting).toMatchObject({ platform: 'select', options: options.map(String), command_topic: `axepilot/${key}/set/frequency` });
    expect(config.components.restart).toMatchObject({ platform: 'button', device_class: 'restart', entity_category: 'config' });

    await ha.publish(`axepilot/${key}/set/frequency`, '123');
    const event = await ha.waitFor((m) => m.topic === `axepilot/${key}/event`, 'the refusal event');
    expect(event.retain).toBe(false);
    expect(JSON.parse(event.payload)).toMatchObject({ event_type: 'control_refused', control: 'frequency', value: '123', reason: expect.stringContaining('123') as unknown });
    const [refused] = new AuditLog(r.service.store.db).list({ limit: 10 });
    expect(refused).toMatchObject({ miner: 'sim-gamma-1', action: 'set', result: 'refused', actor: { kind: 'homeassistant' } });

    const target = options.find((f) => f !== r.sims.miners[0]!.device.state().settings.frequencyMhz)!;
    await ha.publish(`axepilot/${key}/set/frequency`, String(target));
    await waitUntil(() => new AuditLog(r.service.store.db).list({ limit: 10 }).some((e) => e.result === 'ok'));
    expect(r.sims.miners[0]!.device.state().settings.frequencyMhz).toBe(target);
    expect(new AuditLog(r.service.store.db).list({ limit: 1 })[0]).toMatchObject({ result: 'ok', after: { frequencyMhz: target }, actor: { kind: 'homeassistant' } });
    // Counted for the flash-wear budget on /metrics, by source.
    const writes = parseExposition((await r.get('/metrics')).body).get('axepilot_settings_writes_total');
    expect(writes?.samples).toEqual([{ labels: { miner: key, source: 'homeassistant' }, value: 1 }]);
  });

  it("with controls allowed: the autopilot's mode is a select; a mode chosen there goes through the autopilot's own checks and log, and is counted on /metrics", async () => {
    const r = await start(true);
    const key = minerKey(r);
    const ha = await listen([DISCOVERY, `axepilot/${key}/event`, `axepilot/${key}/state`]);
    const config = JSON.parse((await ha.waitFor((m) => isConfigOf(key)(m) && m.payload.includes('autopilot_mode'), 'discovery with the autopilot')).payload) as Discovery;
    expect(config.components.autopilot_mode).toMatchObject({
      platform: 'select', options: ['off', 'protect', 'hashrate', 'efficiency'], command_topic: `axepilot/${key}/set/autopilot_mode`,
    });
    expect(config.components.autopilot_state).toMatchObject({ device_class: 'enum', options: ['off', 'paused', 'protect', 'hashrate', 'efficiency'] });
    await ha.waitFor((m) => m.topic === `axepilot/${key}/state` && (JSON.parse(m.payload) as Record<string, unknown>).autopilot_mode === 'off', 'the state with the autopilot off');

    // Hashrate mode needs a benchmark first: refused with the autopilot's own words, nothing changes.
    await ha.publish(`axepilot/${key}/set/autopilot_mode`, 'hashrate');
    const refusal = await ha.waitFor((m) => m.topic === `axepilot/${key}/event`, 'the refusal');
    expect(JSON.parse(refusal.payload)).toMatchObject({ event_type: 'control_refused', control: 'autopilot_mode', value: 'hashrate', reason: expect.stringContaining('no benchmark yet') as unknown });
    expect(r.service.autopilot.status('sim-gamma-1')[0]?.mode).toBe('off');

    await ha.publish(`axepilot/${key}/set/autopilot_mode`, 'protect');
    await waitUntil(() => r.service.autopilot.status('sim-gamma-1')[0]?.mode === 'protect');
    const [decision] = r.service.autopilot.decisions('sim-gamma-1', { limit: 1 });
    expect(decision).toMatchObject({ kind: 'mode', reason: 'autopilot on in protect mode (by Home Assistant)' });
    await ha.waitFor((m) => m.topic === `axepilot/${key}/state` && (JSON.parse(m.payload) as Record<string, unknown>).autopilot_state === 'protect', 'the state with the autopilot protecting');
    const actions = parseExposition((await r.get('/metrics')).body).get('axepilot_autopilot_actions_total');
    expect(actions?.samples).toEqual([{ labels: { miner: key, action: 'mode' }, value: 1 }]);
  });

  it("with controls allowed: each autopilot limit is a number; a value set there is the autopilot's, logged, and one out of range is refused", async () => {
    const r = await start(true);
    const key = minerKey(r);
    const ha = await listen([DISCOVERY, `axepilot/${key}/event`, `axepilot/${key}/state`]);
    const config = JSON.parse((await ha.waitFor((m) => isConfigOf(key)(m) && m.payload.includes('autopilot_fan_max'), 'discovery with the limits')).payload) as Discovery;
    expect(config.components.autopilot_fan_max).toMatchObject({
      platform: 'number', command_topic: `axepilot/${key}/set/autopilot_fan_max`, min: 20, max: 100, unit_of_measurement: '%',
      value_template: '{{ value_json.autopilot_fan_max }}',
    });
    expect(Object.keys(config.components).filter((id) => id.startsWith('autopilot_') && config.components[id]?.platform === 'number').sort()).toEqual(
      ['autopilot_chip_target', 'autopilot_error_max', 'autopilot_fan_max', 'autopilot_input_min', 'autopilot_power_cap', 'autopilot_vr_max'],
    );
    const stateOf = (m: Received): Record<string, unknown> => JSON.parse(m.payload) as Record<string, unknown>;
    await ha.waitFor((m) => m.topic === `axepilot/${key}/state` && stateOf(m).autopilot_fan_max === 100, 'the configured fan cap in the state');

    await ha.publish(`axepilot/${key}/set/autopilot_fan_max`, '70');
    await waitUntil(() => r.service.autopilot.status('sim-gamma-1')[0]?.limits.fanMaxPct === 70);
    expect(r.service.autopilot.decisions('sim-gamma-1', { limit: 1 })[0]).toMatchObject({ kind: 'limit', reason: 'fan cap set to 70 % (by Home Assistant)' });
    await ha.waitFor((m) => m.topic === `axepilot/${key}/state` && stateOf(m).autopilot_fan_max === 70, 'the new fan cap in the state');

    // Below the config's own floor for a chip target: refused in the autopilot's words, the limit unchanged.
    await ha.publish(`axepilot/${key}/set/autopilot_chip_target`, '20');
    const refusal = await ha.waitFor((m) => m.topic === `axepilot/${key}/event`, 'the refusal');
    expect(JSON.parse(refusal.payload)).toMatchObject({ event_type: 'control_refused', control: 'autopilot_chip_target', reason: expect.stringContaining('not allowed for the chip target') as unknown });
    expect(r.service.autopilot.status('sim-gamma-1')[0]?.limits.chipTargetC).toBe(65);
  });

  it('an alert reaches Home Assistant as an event with the rule id', async () => {
    const r = await start(false);
    const key = minerKey(r);
    const ha = await listen([`axepilot/${key}/event`]);
    r.sims.miners[0]!.device.injectFault('overheat');
    await nextFleetEvent(r.service, 'sample', (n) => n === 'sim-gamma-1');
    // Blocked airflow takes the chip past the firmware's trip within half a minute.
    r.clock.jump(30_000);
    const event = await ha.waitFor((m) => m.payload.includes('"event_type":"overheat"'), 'the overheat event');
    expect(event.retain).toBe(false);
    expect(JSON.parse(event.payload)).toMatchObject({ event_type: 'overheat', kind: 'firing', severity: 'critical' });
  });

  it('clears the retained device of a miner that left the config', async () => {
    const r = await start(false, ['gamma', 'supra']);
    const supraKey = minerKey(r, 'sim-supra-1');
    const ha = await listen([DISCOVERY]);
    await ha.waitFor(isConfigOf(supraKey), 'the supra discovery');
    await r.restart((config) => {
      config.miners = config.miners.filter((m) => m.name !== 'sim-supra-1');
    });
    await ha.waitFor((m) => m.topic === `homeassistant/device/axepilot_${supraKey}/config` && m.payload === '', 'the empty config');
    const later = await listen([`homeassistant/device/axepilot_${supraKey}/config`, `homeassistant/device/axepilot_${minerKey(r)}/config`]);
    const kept = await later.waitFor(() => true, 'a retained config');
    expect(kept.topic).toBe(`homeassistant/device/axepilot_${minerKey(r)}/config`);
    expect(later.messages.some((m) => m.topic.includes(supraKey))).toBe(false);
  });

  it('replaces the device of a miner whose board was swapped (same name, new MAC) instead of keeping both', async () => {
    const r = await start(false, ['gamma', 'gamma']);
    const oldKey = minerKey(r, 'sim-gamma-1');
    const newBoard = r.sims.miners.find((m) => m.name === 'sim-gamma-2')!;
    const ha = await listen([DISCOVERY]);
    await ha.waitFor(isConfigOf(oldKey), 'the first board\'s discovery');
    // The owner put a new board where sim-gamma-1 was: same name in the config, another device answering.
    await r.restart((config) => {
      config.miners = [{ ...config.miners.find((m) => m.name === 'sim-gamma-1')!, host: newBoard.url }];
    });
    await waitUntil(() => minerKey(r, 'sim-gamma-1') !== oldKey);
    const newKey = minerKey(r, 'sim-gamma-1');
    await ha.waitFor(isConfigOf(newKey), 'the new board\'s discovery');
    await ha.waitFor((m) => m.topic === `homeassistant/device/axepilot_${oldKey}/config` && m.payload === '', 'the old board\'s config cleared');
    const later = await listen([DISCOVERY]);
    await later.waitFor(isConfigOf(newKey), 'the retained new device');
    expect(later.messages.filter((m) => m.topic.includes(oldKey))).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
