/**
 * Home Assistant MQTT device-based discovery (one retained config per device, components under `components`):
 * a bridge device for axepilot and one device per miner, `via_device` the bridge. Full option names are used (HA
 * accepts them and they read better than the abbreviations); never the deprecated `object_id`.
 */
import { ALERT_RULES } from '../../alerts/rules/index.js';
import { firmwareHasPauseResume } from '../../control/firmware-features.js';
import type { WatchedMiner } from '../watched-miners.js';
import { AXEPILOT_VERSION } from '../version.js';
import type { AutopilotControl } from './autopilot-port.js';
import type { Topics } from './topics.js';

type Component = Record<string, unknown>;

/** The `event_type` of a control Home Assistant asked for and axepilot refused (the guard's reason attached). */
export const CONTROL_REFUSED = 'control_refused';

export const ALERT_EVENT_TYPES: readonly string[] = [...ALERT_RULES.map((rule) => rule.id), CONTROL_REFUSED];

const origin = { name: 'axepilot', sw_version: AXEPILOT_VERSION };

export interface DiscoveryContext {
  topics: Topics;
  allowControls: boolean;
  autopilot: AutopilotControl | null;
}

function entityId(platform: string, miner: WatchedMiner, key: string): string {
  return `${platform}.${`axepilot_${miner.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${key}`;
}

function sensor(key: string, name: string, extra: Component): Component {
  return { platform: 'sensor', name, value_template: `{{ value_json.${key} }}`, ...extra };
}

function measurement(key: string, name: string, unit: string, extra: Component = {}): Component {
  return sensor(key, name, { unit_of_measurement: unit, state_class: 'measurement', ...extra });
}

function binary(key: string, name: string, extra: Component = {}): Component {
  return { platform: 'binary_sensor', name, value_template: `{{ value_json.${key} }}`, payload_on: 'ON', payload_off: 'OFF', ...extra };
}

const temperature = { device_class: 'temperature', suggested_display_precision: 1 };
const diagnostic = { entity_category: 'diagnostic' };

/** Sensors and binary sensors every miner has; keys are the state JSON's (state.ts). */
function readings(): Record<string, Component> {
  return {
    hashrate: measurement('hashrate', 'Hashrate', 'GH/s', { suggested_display_precision: 2, icon: 'mdi:pickaxe' }),
    expected_hashrate: measurement('expected_hashrate', 'Expected hashrate', 'GH/s', { suggested_display_precision: 2, icon: 'mdi:pickaxe' }),
    power: measurement('power', 'Power', 'W', { device_class: 'power' }),
    // Integrated and persisted by axepilot (the same integral as the Prometheus counter): ready for the Energy dashboard.
    energy: sensor('energy', 'Energy', { device_class: 'energy', unit_of_measurement: 'kWh', state_class: 'total_increasing', suggested_display_precision: 3 }),
    efficiency: measurement('efficiency', 'Efficiency', 'J/TH', { suggested_display_precision: 1 }),
    asic_temp: measurement('asic_temp', 'ASIC temperature', '°C', temperature),
    asic_temp2: measurement('asic_temp2', 'ASIC temperature 2', '°C', { ...temperature, enabled_by_default: false }),
    vr_temp: measurement('vr_temp', 'VR temperature', '°C', temperature),
    input_voltage: measurement('input_voltage', 'Input voltage', 'V', { device_class: 'voltage', suggested_display_precision: 2 }),
    core_voltage: measurement('core_voltage', 'Core voltage', 'mV', { device_class: 'voltage' }),
    frequency: measurement('frequency', 'Frequency', 'MHz', { device_class: 'frequency' }),
    fan: measurement('fan', 'Fan', '%', { icon: 'mdi:fan' }),
    fan_rpm: measurement('fan_rpm', 'Fan speed', 'rpm', { icon: 'mdi:fan' }),
    error_rate: measurement('error_rate', 'ASIC error rate', '%', { suggested_display_precision: 2 }),
    shares_accepted: sensor('shares_accepted', 'Shares accepted', { state_class: 'total_increasing', icon: 'mdi:check' }),
    shares_rejected: sensor('shares_rejected', 'Shares rejected', { state_class: 'total_increasing', icon: 'mdi:close' }),
    blocks_found: sensor('blocks_found', 'Blocks found', { state_class: 'total_increasing', icon: 'mdi:bitcoin' }),
    best_difficulty: sensor('best_difficulty', 'Best difficulty', { state_class: 'measurement', icon: 'mdi:trophy' }),
    session_best_difficulty: sensor('session_best_difficulty', 'Best difficulty since boot', { state_class: 'measurement', icon: 'mdi:trophy-outline' }),
    uptime: sensor('uptime', 'Uptime', { device_class: 'duration', unit_of_measurement: 's', ...diagnostic }),
    wifi_rssi: measurement('wifi_rssi', 'Wi-Fi signal', 'dBm', { device_class: 'signal_strength', ...diagnostic }),
    pool: sensor('pool', 'Pool', diagnostic),
    overheat: binary('overheat', 'Overheat', { device_class: 'heat' }),
    fallback_pool: binary('fallback_pool', 'On fallback pool', { device_class: 'problem' }),
    paused: binary('paused', 'Mining paused'),
    power_fault: binary('power_fault', 'Power fault', { device_class: 'problem' }),
    hardware_fault: binary('hardware_fault', 'Hardware fault', { device_class: 'problem' }),
  };
}

/** The retained config of one miner's device; null until the miner has answered once (model and firmware unknown). */
export function minerDiscovery(miner: WatchedMiner, context: DiscoveryContext): Record<string, unknown> | null {
  const t = miner.telemetry;
  if (!t) return null;
  const { topics } = context;
  const deviceId = topics.deviceId(miner.key);
  const components: Record<string, Component> = {
    ...readings(),
    // Its own availability (the bridge's only), so it reads "off" rather than "unavailable" while the miner is down.
    online: {
      platform: 'binary_sensor', name: 'Online', device_class: 'connectivity', state_topic: topics.availability(miner.key),
      payload_on: 'online', payload_off: 'offline', availability: [{ topic: topics.bridgeAvailability }],
    },
    alert: {
      platform: 'event', name: 'Alert', state_topic: topics.event(miner.key), event_types: ALERT_EVENT_TYPES, icon: 'mdi:alert',
    },
  };
  if (context.autopilot) {
    components.autopilot_state = sensor('autopilot_state', 'Autopilot state', { device_class: 'enum', options: context.autopilot.states });
  }
  if (context.allowControls) Object.assign(components, controls(miner, context));
  for (const [key, component] of Object.entries(components)) {
    component.unique_id = `${deviceId}_${key}`;
    component.default_entity_id = entityId(String(component.platform), miner, key);
  }
  return {
    device: {
      identifiers: [deviceId],
      name: miner.name,
      manufacturer: /nerd/i.test(t.model ?? '') ? 'NerdMiner' : 'Bitaxe',
      ...(t.model ? { model: t.model } : {}),
      ...(t.boardVersion ? { model_id: t.boardVersion } : {}),
      ...(t.firmware ? { sw_version: t.firmware } : {}),
      configuration_url: `${miner.host}/`,
      via_device: topics.bridgeDeviceId,
    },
    origin,
    state_topic: topics.state(miner.key),
    availability: [{ topic: topics.bridgeAvailability }, { topic: topics.availability(miner.key) }],
    availability_mode: 'all',
    components,
  };
}

/** Only with `mqtt.allowControls`; each command goes through the settings guard as actor `homeassistant`. */
function controls(miner: WatchedMiner, context: DiscoveryContext): Record<string, Component> {
  const { topics } = context;
  const config = { entity_category: 'config' };
  const out: Record<string, Component> = {
    restart: { platform: 'button', name: 'Restart', device_class: 'restart', command_topic: topics.command(miner.key, 'restart'), payload_press: 'PRESS', ...config },
  };
  if (firmwareHasPauseResume(miner.telemetry) === true) {
    out.mining = {
      platform: 'switch', name: 'Mining', command_topic: topics.command(miner.key, 'mining'), value_template: '{{ value_json.mining }}',
      payload_on: 'ON', payload_off: 'OFF', state_on: 'ON', state_off: 'OFF', icon: 'mdi:pickaxe', ...config,
    };
  }
  // A select offers only the device's own table (from /api/system/asic): no slider to type an untested value into.
  const frequencies = miner.asic?.frequencyOptionsMhz ?? [];
  if (frequencies.length > 0) {
    out.frequency_setting = {
      platform: 'select', name: 'Frequency setting', command_topic: topics.command(miner.key, 'frequency'),
      value_template: '{{ value_json.frequency_setting }}', options: frequencies.map(String), unit_of_measurement: 'MHz', ...config,
    };
  }
  const voltages = miner.asic?.voltageOptionsMv ?? [];
  if (voltages.length > 0) {
    out.core_voltage_setting = {
      platform: 'select', name: 'Core voltage setting', command_topic: topics.command(miner.key, 'core_voltage'),
      value_template: '{{ value_json.core_voltage_setting }}', options: voltages.map(String), unit_of_measurement: 'mV', ...config,
    };
  }
  if (context.autopilot) {
    out.autopilot_mode = {
      platform: 'select', name: 'Autopilot mode', command_topic: topics.command(miner.key, 'autopilot_mode'),
      value_template: '{{ value_json.autopilot_mode }}', options: [...context.autopilot.modes], ...config,
    };
    for (const limit of context.autopilot.limits) {
      out[limit.control] = {
        platform: 'number', name: limit.name, command_topic: topics.command(miner.key, limit.control),
        value_template: `{{ value_json.${limit.control} }}`, min: limit.min, max: limit.max, step: limit.step,
        unit_of_measurement: limit.unit, mode: 'box', ...config,
      };
    }
  }
  return out;
}

/** axepilot itself: its availability is the last will, so HA shows every miner unavailable when axepilot is gone. */
export function bridgeDiscovery(topics: Topics, instanceName: string): Record<string, unknown> {
  const id = topics.bridgeDeviceId;
  return {
    device: { identifiers: [id], name: instanceName, manufacturer: 'axepilot', model: 'axepilot', sw_version: AXEPILOT_VERSION },
    origin,
    state_topic: topics.bridgeState,
    components: {
      running: {
        platform: 'binary_sensor', name: 'Running', device_class: 'running', state_topic: topics.bridgeAvailability,
        payload_on: 'online', payload_off: 'offline', unique_id: `${id}_running`, default_entity_id: `binary_sensor.${id}_running`,
      },
      miners_online: {
        platform: 'sensor', name: 'Miners online', value_template: '{{ value_json.online }}', state_class: 'measurement', icon: 'mdi:server-network',
        availability: [{ topic: topics.bridgeAvailability }], unique_id: `${id}_miners_online`, default_entity_id: `sensor.${id}_miners_online`,
      },
    },
  };
}
