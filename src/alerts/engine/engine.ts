import type { Telemetry } from '../../axeos/telemetry.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { TypedEventBus } from '../../core/events.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { FleetEvents } from '../../fleet/events.js';
import { AlertBook } from './alert-book.js';
import { toActiveAlert, type ActiveAlert, type AlertRecord } from './alert-record.js';
import { Announcer } from './announcer.js';
import { advanceLifecycle, newRecord } from './lifecycle.js';
import { MuteList, type Mute } from './mutes.js';
import { composeTestNotification, splitAlertIds, type AlertNotification } from './notification.js';
import { MinerObservations, type MinerBests } from './observations.js';
import { ALERT_RULES } from '../rules/index.js';
import { STORAGE_SUBJECT } from '../rules/storage-failing.js';
import { alertSettingsFrom, minerLimitsFrom, type AlertConfig, type AlertSettings, type MinerLimits } from '../settings.js';
import { InMemoryAlertStateStore, type AlertStateStore } from './state-store.js';
import { SEVERITY_RANK, type AlertRule, type Condition, type RuleTrigger } from '../types.js';

export interface AlertEngineOptions {
  config: AlertConfig;
  clock: Clock;
  /** Receives every message; it should put it in the outbox and return. A throw means "not stored": retried next tick. */
  onNotification: (notification: AlertNotification) => void;
  store?: AlertStateStore;
  log?: Logger;
  rules?: readonly AlertRule[];
}

/**
 * Turns fleet observations into alert messages: rules judge each miner, the lifecycle debounces and resolves, the
 * announcer groups, silences and reminds. Pure logic on the given clock, fed through plain methods (`attachToFleet`
 * wires them to the bus); it sends nothing itself. `tick` must be called regularly (the AlertService does, every
 * second) for "for" durations of silent miners, group windows, reminders and mute expiry.
 */
export class AlertEngine {
  private readonly clock: Clock;
  private readonly store: AlertStateStore;
  private readonly log: Logger;
  private readonly rules: readonly AlertRule[];
  private readonly settings: AlertSettings;
  private readonly book: AlertBook;
  private readonly mutes = new MuteList();
  private readonly announcer: Announcer;
  private readonly observations = new Map<string, MinerObservations>();
  private readonly loadedRecords = new Map<string, MinerBests>();
  private readonly lastOneShotAt = new Map<string, number>();
  private readonly limits = new Map<string, MinerLimits>();

  constructor(private readonly options: AlertEngineOptions) {
    this.clock = options.clock;
    this.store = options.store ?? new InMemoryAlertStateStore();
    this.log = options.log ?? silentLogger();
    this.rules = options.rules ?? ALERT_RULES;
    this.settings = alertSettingsFrom(options.config);
    this.book = new AlertBook(this.store);
    this.announcer = new Announcer({
      book: this.book,
      rule: (id) => this.rules.find((r) => r.id === id),
      settings: this.settings,
      mutes: this.mutes,
      deliver: (notification) => this.deliver(notification),
      log: this.log,
    });
  }

  /** Loads announced alerts, mutes and records from the store, so a restart neither re-sends nor forgets. */
  restore(): void {
    this.book.load();
    this.mutes.remove('all');
    for (const mute of this.store.loadMutes()) this.mutes.add(mute);
    this.loadedRecords.clear();
    for (const record of this.store.loadMinerRecords()) this.loadedRecords.set(record.miner.toLowerCase(), record);
    this.observations.clear();
  }

  observeSample(miner: string, telemetry: Telemetry): void {
    const now = this.clock.now();
    const observations = this.observe(miner);
    if (observations.recordSample(telemetry, now)) this.store.saveMinerRecord({ ...observations.record });
    this.judge(miner, 'sample', now);
  }

  observeOffline(miner: string, event: { lastGoodAt: number | null; reason: string; notAxeOs?: boolean }): void {
    const now = this.clock.now();
    this.observe(miner).recordOffline(now, event.lastGoodAt, event.reason, event.notAxeOs ?? false);
    // A "for" must be watched all along: what was pending on the last polls starts again when polls resume.
    this.book.dropPending(miner, (ruleId) => !this.rules.find((r) => r.id === ruleId)?.triggers.includes('offline'));
    this.judge(miner, 'offline', now);
  }

  observeOnline(miner: string): void {
    this.observe(miner).recordOnline();
    this.judge(miner, 'online', this.clock.now());
  }

  observeReboot(miner: string, event: { previousUptimeS: number; uptimeS: number }): void {
    const now = this.clock.now();
    this.observe(miner).recordReboot(now, event.previousUptimeS, event.uptimeS);
    this.judge(miner, 'reboot', now);
  }

  /** Samples cannot be saved (`failure`), or can again (null): judged on axepilot itself, not on a miner. */
  observeStorage(failure: { since: number; error: string } | null): void {
    this.observe(STORAGE_SUBJECT).storageFailure = failure;
    this.judge(STORAGE_SUBJECT, 'storage', this.clock.now());
  }

  /** The fleet's flapping verdict: one alert for the series instead of one per outage (the offline rule waits). */
  observeFlapping(miner: string, event: { flapping: boolean; outages: number; reboots: number; windowMs: number }): void {
    const now = this.clock.now();
    this.observe(miner).recordFlapping(now, event);
    this.judge(miner, 'flapping', now);
  }

  /** Called by the settings guard before it restarts a miner: a reboot until `untilMs` is no news, nor is the outage. */
  expectRestart(miner: string, untilMs: number): void {
    this.observe(miner).restartExpectedUntil = untilMs;
  }

  tick(now: number = this.clock.now()): void {
    if (this.mutes.expire(now)) this.store.saveMutes(this.mutes.all());
    for (const record of this.book.all()) {
      const rule = this.rules.find((r) => r.id === record.rule);
      if (record.state === 'pending' && rule?.triggers.includes('tick')) this.judgeRule(rule, record.miner, 'tick', now);
    }
    this.announcer.announceWaiting(now);
    this.announcer.flush(now);
    this.announcer.remind(now);
  }

  /** What fires now, worst first, for `/alerts`. */
  firing(): ActiveAlert[] {
    return this.book
      .all()
      .filter((r) => r.state === 'firing')
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.firedAt ?? 0) - (b.firedAt ?? 0))
      .map((r) => this.toActive(r));
  }

  /** Stops reminders of the alert(s) behind a button (`id` or `id+id+…`); the resolution is still reported. */
  acknowledge(alertId: string, by: string): ActiveAlert[] {
    const now = this.clock.now();
    return this.updateFiring(alertId, (r) => ({ ...r, acknowledgedBy: by, acknowledgedAt: now }));
  }

  /** No reminders until `ms` from now; afterwards they resume at once if the alert still fires. */
  snooze(alertId: string, ms: number, by: string): ActiveAlert[] {
    const until = this.clock.now() + ms;
    return this.updateFiring(alertId, (r) => ({ ...r, snoozedUntil: until, snoozedBy: by }));
  }

  /**
   * Silences a miner (or 'all') until `untilMs`: no firing, reminder or resolved messages for its alerts. An alert
   * that was announced before the mute and resolves during it gets a silent resolved message (the owner heard it
   * start, so they hear it end, without a ring); one that fires and ends within the mute is never mentioned; one
   * still firing when the mute ends is announced then. News (best difficulty, blocks) is not muted.
   */
  mute(target: string, untilMs: number, by: string): Mute {
    const mute: Mute = { target, until: untilMs, by, at: this.clock.now() };
    this.mutes.add(mute);
    this.store.saveMutes(this.mutes.all());
    this.log.info({ target, until: new Date(untilMs).toISOString(), by }, 'alerts muted');
    return mute;
  }

  /** Ends the mute of `target` ('all' ends every mute); what still fires is announced after the group window. */
  unmute(target: string, by: string): Mute[] {
    const removed = this.mutes.remove(target);
    if (removed.length > 0) {
      this.store.saveMutes(this.mutes.all());
      this.log.info({ target, by }, 'alerts unmuted');
      const now = this.clock.now();
      this.announcer.announceWaiting(now);
      this.announcer.flush(now);
    }
    return removed;
  }

  activeMutes(): Mute[] {
    return this.mutes.active(this.clock.now());
  }

  /** A test message, composed as real alerts are; the desk queues it to the asking chat alone. */
  testNotification(by: string): AlertNotification {
    return composeTestNotification(by, this.clock.now());
  }

  /** Wires the fleet bus to the observe methods; returns the function that unwires them. */
  attachToFleet(bus: TypedEventBus<FleetEvents>): () => void {
    const offs = [
      bus.on('sample', ({ miner, telemetry }) => this.observeSample(miner.name, telemetry)),
      bus.on('offline', ({ miner, lastGoodAt, reason, notAxeOs }) => this.observeOffline(miner.name, { lastGoodAt, reason, notAxeOs })),
      bus.on('online', ({ miner }) => this.observeOnline(miner.name)),
      bus.on('rebooted', ({ miner, previousUptimeS, uptimeS }) => this.observeReboot(miner.name, { previousUptimeS, uptimeS })),
      bus.on('storageFailing', ({ since, error }) => this.observeStorage({ since, error })),
      bus.on('storageRecovered', () => this.observeStorage(null)),
      bus.on('flapping', ({ miner, flapping, outages, reboots, windowMs }) => this.observeFlapping(miner.name, { flapping, outages, reboots, windowMs })),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  private observe(miner: string): MinerObservations {
    const key = miner.toLowerCase();
    let observations = this.observations.get(key);
    if (!observations) {
      const record = this.loadedRecords.get(key) ?? { miner, bestDiff: null, blocksFound: null };
      observations = new MinerObservations({ ...record });
      this.observations.set(key, observations);
    }
    return observations;
  }

  private judge(miner: string, trigger: RuleTrigger, now: number): void {
    for (const rule of this.rules) if (rule.triggers.includes(trigger)) this.judgeRule(rule, miner, trigger, now);
    this.announcer.flush(now);
  }

  private limitsOf(miner: string): MinerLimits {
    const key = miner.toLowerCase();
    let limits = this.limits.get(key);
    if (!limits) {
      limits = minerLimitsFrom(this.options.config, miner);
      this.limits.set(key, limits);
    }
    return limits;
  }

  private judgeRule(rule: AlertRule, miner: string, trigger: RuleTrigger, now: number): void {
    const record = rule.kind === 'state' ? this.book.open(rule.id, miner) : undefined;
    const current = record && (record.state === 'pending' || record.state === 'firing') ? { state: record.state, severity: record.severity } : null;
    let condition: Condition | null;
    try {
      condition = rule.evaluate({
        now, miner, trigger, observations: this.observe(miner), limits: this.limitsOf(miner), settings: this.settings, current,
      });
    } catch (error) {
      // One broken rule must not silence the others for this miner.
      this.log.error({ rule: rule.id, miner, err: errorMessage(error) }, 'alert rule failed');
      return;
    }
    if (rule.kind !== 'state') {
      if (condition?.active) this.oneShot(rule, miner, newRecord(rule.id, miner, condition, now), now);
      return;
    }
    const result = advanceLifecycle({ rule, miner, record, condition, forMs: rule.forMs?.(this.settings) ?? 0, now });
    const next = result.record;
    switch (result.transition) {
      case 'fired':
        if (next) this.announcer.fired(next, now);
        return;
      case 'escalated':
        if (next) this.announcer.escalated(next, now);
        return;
      case 'resolved':
        if (next) this.announcer.resolved(next, now);
        return;
      case 'cancelled':
        if (record) this.book.remove(record);
        return;
      case 'none':
        if (next && next !== record) this.book.put(next, this.worthSaving(record, next));
        return;
    }
  }

  private oneShot(rule: AlertRule, miner: string, record: AlertRecord, now: number): void {
    const key = `${rule.id}\u0000${miner.toLowerCase()}`;
    const last = this.lastOneShotAt.get(key);
    if (last !== undefined && now - last < (rule.cooldownMs ?? 0)) return;
    this.lastOneShotAt.set(key, now);
    const event: AlertRecord = { ...record, state: 'event', firedAt: now };
    this.announcer.oneShot(event, rule.kind === 'news' ? 'news' : 'firing', now);
  }

  /** A new reading changes the summary on every sample; the store needs only what changes the alert's course. */
  private worthSaving(before: AlertRecord | undefined, after: AlertRecord): boolean {
    return !before || before.state !== after.state || before.severity !== after.severity || before.clearingSince !== after.clearingSince;
  }

  private updateFiring(alertId: string, change: (record: AlertRecord) => AlertRecord): ActiveAlert[] {
    const changed: ActiveAlert[] = [];
    for (const id of splitAlertIds(alertId)) {
      const record = this.book.byId(id);
      if (!record || record.state !== 'firing') continue;
      const updated = change(record);
      this.book.put(updated);
      changed.push(this.toActive(updated));
    }
    return changed;
  }

  private toActive(record: AlertRecord): ActiveAlert {
    return toActiveAlert(record, this.rules.find((r) => r.id === record.rule)?.title ?? record.rule);
  }

  private deliver(notification: AlertNotification): boolean {
    try {
      this.options.onNotification(notification);
      return true;
    } catch (error) {
      this.log.error({ err: errorMessage(error), notification: notification.id }, 'alert notification not stored; retrying');
      return false;
    }
  }
}
