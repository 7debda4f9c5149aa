/**
 * What `GET /metrics` serves: the per-miner families written from the last poll (miner-exposition.ts), then the
 * service metrics on prom-client's own `Registry` (never its global one), filled in `collect()`. A scrape never asks a
 * miner anything, and a miner removed from the config is simply not in the next scrape.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActivityCounters } from '../../core/activity.js';
import type { ActiveAlert } from '../../alerts/engine/alert-record.js';
import type { WatchedMiner, WatchedMiners } from '../watched-miners.js';
import { AXEPILOT_VERSION } from '../version.js';
import { minerExposition } from './miner-exposition.js';
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
      return minerExposition(this.snapshot) + (await this.registry.metrics());
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
