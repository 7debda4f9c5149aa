/**
 * The Prometheus registry behind `GET /metrics`: its own `Registry` (never prom-client's global one), every miner
 * family filled in `collect()` from the last poll, so a scrape never asks a miner anything and a miner removed from the
 * config is simply not in the next scrape.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActivityCounters } from '../../core/activity.js';
import type { ActiveAlert } from '../../alerts/alert-record.js';
import type { WatchedMiner, WatchedMiners } from '../watched-miners.js';
import { AXEPILOT_VERSION } from '../version.js';
import { MINER_FAMILIES, TEMPERATURE_SENSORS } from './miner-families.js';
import type { NotificationOutcome } from './counted-sender.js';
import type { PollStats } from './poll-stats.js';

export interface SettingsWriteCount {
  miner: string;
  /** Who asked: chat, benchmark, autopilot, homeassistant, system. */
  source: string;
  count: number;
}

export interface MetricsSources {
  miners: WatchedMiners;
  polls: PollStats;
  /** Alerts firing now (the alert engine's `firing()`). */
  firing?: () => readonly ActiveAlert[];
  /** Settings writes per miner and source since the service started (from the guard's audit log). */
  settingsWrites?: () => readonly SettingsWriteCount[];
}

const FROM_LAST_POLL = ' (value from the last poll; see axepilot_miner_last_poll_timestamp_seconds)';

export class AxepilotMetrics implements ActivityCounters {
  readonly registry = new Registry();
  private readonly notifications: Counter<'platform' | 'outcome'>;
  private readonly autopilotActions: Counter<'miner' | 'action'>;
  /** The miners of the scrape in progress: read once, used by every family. */
  private snapshot: WatchedMiner[] = [];

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(sources.polls.duration);
    this.defineMinerFamilies();
    this.notifications = new Counter({
      name: 'axepilot_notifications_sent_total', help: 'Alert messages handed to a chat platform, by outcome', labelNames: ['platform', 'outcome'], registers,
    });
    this.autopilotActions = new Counter({
      name: 'axepilot_autopilot_actions_total', help: 'Changes the autopilot made or asked for, per miner and action', labelNames: ['miner', 'action'], registers,
    });
    this.defineServiceFamilies();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every family, from what axepilot already knows. */
  async render(): Promise<string> {
    this.snapshot = this.sources.miners.list();
    try {
      return await this.registry.metrics();
    } finally {
      this.snapshot = [];
    }
  }

  autopilotAction(miner: string, action: string): void {
    this.autopilotActions.inc({ miner: this.keyOfName(miner), action });
  }

  notificationSent(platform: string, outcome: NotificationOutcome): void {
    this.notifications.inc({ platform, outcome });
  }

  private keyOfName(name: string): string {
    return (this.snapshot.length > 0 ? this.snapshot : this.sources.miners.list()).find((m) => m.name === name)?.key ?? name;
  }

  private defineMinerFamilies(): void {
    const registers = [this.registry];
    // collect() runs with `this` bound to the metric, so the scrape's snapshot is reached through a closure.
    const current = (): WatchedMiner[] => this.snapshot;
    const reporting = (): Array<WatchedMiner & { telemetry: NonNullable<WatchedMiner['telemetry']> }> =>
      current().filter((m): m is WatchedMiner & { telemetry: NonNullable<WatchedMiner['telemetry']> } => m.online && m.telemetry !== null);

    new Gauge({
      name: 'axepilot_miner_up', help: '1 when the last poll of the miner succeeded, 0 while it is offline or never answered', labelNames: ['miner', 'name'], registers,
      collect() {
        this.reset();
        for (const m of current()) this.set({ miner: m.key, name: m.name }, m.online && m.telemetry !== null ? 1 : 0);
      },
    });
    new Gauge({
      name: 'axepilot_miner_last_poll_timestamp_seconds', help: 'When the miner last answered a poll', labelNames: ['miner', 'name'], registers,
      collect() {
        this.reset();
        for (const m of current()) if (m.lastGoodPollAt !== null) this.set({ miner: m.key, name: m.name }, m.lastGoodPollAt / 1000);
      },
    });
    new Gauge({
      name: 'axepilot_miner_info', help: 'Identity of the miner (always 1): model, ASIC, board, firmware, address',
      labelNames: ['miner', 'name', 'model', 'asic_model', 'asic_count', 'board', 'firmware', 'host'], registers,
      collect() {
        this.reset();
        for (const m of current()) {
          const t = m.telemetry;
          if (!t) continue;
          this.set({
            miner: m.key, name: m.name, model: t.model ?? '', asic_model: t.asicModel ?? '', asic_count: t.asicCount === null ? '' : String(t.asicCount),
            board: t.boardVersion ?? '', firmware: t.firmware ?? '', host: m.host,
          }, 1);
        }
      },
    });
    new Counter({
      name: 'axepilot_miner_energy_joules_total',
      help: 'Energy the miner used while axepilot watched it, integrated from power between polls (kept across restarts)',
      labelNames: ['miner', 'name'], registers,
      collect() {
        this.reset();
        for (const m of current()) if (m.energyJoules !== null) this.inc({ miner: m.key, name: m.name }, m.energyJoules);
      },
    });
    new Gauge({
      name: 'axepilot_miner_temperature_celsius', help: `Temperature by sensor: asic, asic2, vr${FROM_LAST_POLL}`, labelNames: ['miner', 'name', 'sensor'], registers,
      collect() {
        this.reset();
        for (const m of reporting()) {
          for (const { sensor, read } of TEMPERATURE_SENSORS) {
            const value = read(m.telemetry);
            if (value !== null) this.set({ miner: m.key, name: m.name, sensor }, value);
          }
        }
      },
    });
    for (const family of MINER_FAMILIES) {
      const help = `${family.help}${FROM_LAST_POLL}`;
      if (family.type === 'gauge') {
        new Gauge({
          name: family.name, help, labelNames: ['miner', 'name'], registers,
          collect() {
            this.reset();
            for (const m of reporting()) {
              const value = family.read(m.telemetry);
              if (value !== null && Number.isFinite(value)) this.set({ miner: m.key, name: m.name }, value);
            }
          },
        });
      } else {
        new Counter({
          name: family.name, help, labelNames: ['miner', 'name'], registers,
          collect() {
            this.reset();
            for (const m of reporting()) {
              const value = family.read(m.telemetry);
              if (value !== null && Number.isFinite(value) && value >= 0) this.inc({ miner: m.key, name: m.name }, value);
            }
          },
        });
      }
    }
  }

  private defineServiceFamilies(): void {
    const registers = [this.registry];
    const { sources } = this;
    const keyOfName = (name: string): string => this.keyOfName(name);
    new Gauge({
      name: 'axepilot_build_info', help: 'axepilot version and Node.js version (always 1)', labelNames: ['version', 'node'], registers,
      collect() {
        this.set({ version: AXEPILOT_VERSION, node: process.version }, 1);
      },
    });
    new Counter({
      name: 'axepilot_poll_errors_total', help: 'Failed polls since the service started, by miner and reason', labelNames: ['miner', 'reason'], registers,
      collect() {
        this.reset();
        for (const [name, byReason] of sources.polls.failures) {
          for (const [reason, count] of byReason) this.inc({ miner: keyOfName(name), reason }, count);
        }
      },
    });
    new Counter({
      name: 'axepilot_settings_writes_total', help: 'Settings written to miners since the service started, by source (the flash-wear budget)',
      labelNames: ['miner', 'source'], registers,
      collect() {
        this.reset();
        for (const row of sources.settingsWrites?.() ?? []) this.inc({ miner: keyOfName(row.miner), source: row.source }, row.count);
      },
    });
    new Gauge({
      name: 'axepilot_alerts_firing', help: 'Alerts firing now, by miner, rule and severity', labelNames: ['miner', 'rule', 'severity'], registers,
      collect() {
        this.reset();
        for (const alert of sources.firing?.() ?? []) this.inc({ miner: keyOfName(alert.miner), rule: alert.rule, severity: alert.severity });
      },
    });
  }
}
