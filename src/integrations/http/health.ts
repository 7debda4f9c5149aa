/**
 * What `GET /healthz` reports: the service's own verdict (core/service-health.ts: last poll cycle, last write of
 * samples), the database, the poller, chat platforms, MQTT and each miner's last good poll. `HealthSource` is the seam
 * a test or another composition can replace.
 */
import { existsSync } from 'node:fs';
import { errorMessage } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { WatchedMiners } from '../watched-miners.js';

export interface ComponentHealth {
  ok: boolean;
  detail?: string;
}

export interface MinerHealthLine {
  miner: string;
  name: string;
  online: boolean;
  /** ISO time of the last good poll; null when it never answered in this run. */
  lastGoodPoll: string | null;
}

export interface HealthReport {
  healthy: boolean;
  /** The service-wide verdict (polling not stalled, samples being saved), when there is one. */
  service?: ComponentHealth & { problems: string[] };
  database: ComponentHealth;
  poller: ComponentHealth & { miners: number; online: number };
  chat: Record<string, { enabled: boolean }>;
  mqtt: ComponentHealth & { enabled: boolean };
  miners: MinerHealthLine[];
}

export interface HealthSource {
  report(): HealthReport;
}

export interface ServiceHealthOptions {
  store: Pick<Store, 'isOpen' | 'db'>;
  /** The database file; a file deleted under the running service is not healthy though its handle still answers. */
  databasePath?: string;
  miners: WatchedMiners;
  /** Each chat platform and whether it is on. */
  chat: () => Record<string, { enabled: boolean }>;
  /** The MQTT bridge's connection, or null when MQTT is off. */
  mqtt?: () => { connected: boolean } | null;
  /** The service-wide verdict (ServiceHealth.verdict in core/service-health.ts). */
  verdict?: () => { healthy: boolean; summary: string; problems: string[] };
}

/**
 * Unhealthy when the service's own verdict says so (polling stalled, samples not saved), the database cannot answer,
 * or every configured miner is down (a LAN or poller problem).
 */
export class EndpointHealth implements HealthSource {
  constructor(private readonly options: ServiceHealthOptions) {}

  report(): HealthReport {
    const database = this.database();
    const miners = this.options.miners.list();
    const online = miners.filter((m) => m.online).length;
    const poller: HealthReport['poller'] = miners.length > 0 && online === 0
      ? { ok: false, detail: 'no miner answers', miners: miners.length, online }
      : { ok: true, miners: miners.length, online };
    const mqttState = this.options.mqtt?.() ?? null;
    const mqtt: HealthReport['mqtt'] = mqttState === null
      ? { ok: true, enabled: false }
      : { ok: mqttState.connected, enabled: true, ...(mqttState.connected ? {} : { detail: 'not connected to the broker' }) };
    const verdict = this.options.verdict?.();
    const service = verdict === undefined ? undefined : { ok: verdict.healthy, detail: verdict.summary, problems: verdict.problems };
    return {
      // MQTT being down degrades Home Assistant, not the service: it reconnects by itself, so it does not fail health.
      healthy: database.ok && poller.ok && (service?.ok ?? true),
      ...(service ? { service } : {}),
      database,
      poller,
      chat: this.options.chat(),
      mqtt,
      miners: miners.map((m) => ({
        miner: m.key, name: m.name, online: m.online,
        lastGoodPoll: m.lastGoodPollAt === null ? null : new Date(m.lastGoodPollAt).toISOString(),
      })),
    };
  }

  private database(): ComponentHealth {
    const { store } = this.options;
    if (!store.isOpen) return { ok: false, detail: 'the database is closed' };
    const path = this.options.databasePath;
    if (path !== undefined && path !== ':memory:' && !existsSync(path)) return { ok: false, detail: `the database file ${path} is gone` };
    try {
      store.db.prepare('SELECT 1').get();
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: errorMessage(error) };
    }
  }
}
