/**
 * The integrations with what owners already run, wired from the config: the HTTP endpoint (/healthz, /metrics,
 * /sd/miners), Home Assistant over MQTT and the InfluxDB push. Each is off unless configured; all read the same
 * watched-miner view and never poll a miner themselves. `main` calls this once the engines and chat are up.
 */
import type { Alerting } from '../alerts/alerting.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ServiceGroup } from '../core/service.js';
import type { FleetCollector } from '../fleet/collector.js';
import type { Store } from '../store/store.js';
import type { EnergyMeter } from './energy-meter.js';
import type { ServiceHealth } from '../core/service-health.js';
import { EndpointHealth, type HealthSource } from './http/health.js';
import { HttpEndpoint } from './http/server.js';
import { InfluxPush } from './influx/push.js';
import type { AutopilotControl } from './mqtt/autopilot-port.js';
import { MqttBridge } from './mqtt/bridge.js';
import type { ControlGuard } from './mqtt/controls.js';
import { AxepilotMetrics } from './prometheus/metrics.js';
import type { PollStats } from './prometheus/poll-stats.js';
import { settingsWritesSince } from './prometheus/settings-writes.js';
import { WatchedMiners } from './watched-miners.js';

export { EnergyMeter } from './energy-meter.js';
export { PollStats } from './prometheus/poll-stats.js';
export { countedSender } from './prometheus/counted-sender.js';

export interface IntegrationsOptions {
  config: Config;
  store: Store;
  databasePath: string;
  collector: FleetCollector;
  energy: EnergyMeter;
  polls: PollStats;
  guard: ControlGuard;
  alerting: Pick<Alerting, 'engine' | 'notifications'>;
  chat: () => Record<string, { enabled: boolean }>;
  clock: Clock;
  log: Logger;
  group: ServiceGroup;
  autopilot?: AutopilotControl | null;
  /** The service-wide verdict (last poll cycle, last write of samples), part of /healthz. */
  serviceHealth?: ServiceHealth;
  /** Replaces the built-in health report altogether (tests, other compositions). */
  health?: HealthSource;
}

export interface Integrations {
  miners: WatchedMiners;
  metrics: AxepilotMetrics;
  http: HttpEndpoint | null;
  mqtt: MqttBridge | null;
  influx: InfluxPush | null;
}

export async function startIntegrations(options: IntegrationsOptions): Promise<Integrations> {
  const { config, store, collector, clock, log, group } = options;
  const miners = new WatchedMiners({
    loops: () => collector.miners,
    energyJoules: (minerId) => options.energy.joulesOf(minerId),
    knownMac: (name) => (store.isOpen ? (store.miners.byName(name)?.mac ?? null) : null),
  });
  const startedAt = clock.now();
  const metrics = new AxepilotMetrics({
    miners,
    polls: options.polls,
    firing: () => options.alerting.engine.firing(),
    settingsWrites: () => settingsWritesSince(store.db, startedAt),
  });

  let mqtt: MqttBridge | null = null;
  if (config.mqtt.enabled) {
    mqtt = new MqttBridge({
      config: config.mqtt, miners, bus: collector.bus, clock, log, guard: options.guard, autopilot: options.autopilot ?? null,
      alerts: (listener) => options.alerting.notifications.on('notification', listener),
    });
    await group.start(mqtt);
  }

  let influx: InfluxPush | null = null;
  if (config.export.influx.enabled) {
    influx = new InfluxPush({ config: config.export.influx, miners, clock, log });
    await group.start(influx);
  }

  let http: HttpEndpoint | null = null;
  if (config.http.enabled) {
    const bridge = mqtt;
    const serviceHealth = options.serviceHealth;
    const health = options.health ?? new EndpointHealth({
      store, databasePath: options.databasePath, miners, chat: options.chat,
      mqtt: () => (bridge ? { connected: bridge.connected } : null),
      ...(serviceHealth ? { verdict: () => serviceHealth.verdict() } : {}),
    });
    http = new HttpEndpoint({ listen: config.http.listen, token: config.http.token, health, metrics, miners, log });
    await group.start(http);
  }
  return { miners, metrics, http, mqtt, influx };
}
