import type { Logger } from '../../core/logger.js';
import type { AlertBook } from './alert-book.js';
import type { AlertRecord, NotificationKind } from './alert-record.js';
import type { MuteList } from './mutes.js';
import { composeNotification, type AlertNotification } from './notification.js';
import { isQuietTime } from './quiet-hours.js';
import type { AlertSettings } from '../settings.js';
import { higherSeverity, SEVERITY_RANK, type AlertRule, type Severity } from '../types.js';

export interface AnnouncerOptions {
  book: AlertBook;
  rule: (id: string) => AlertRule | undefined;
  settings: AlertSettings;
  mutes: MuteList;
  deliver: (notification: AlertNotification) => boolean;
  log: Logger;
}

/**
 * Decides which alerts become messages and when: the group window (Alertmanager's group_wait: the first alert of a
 * rule opens a window, the others firing within it join one message), mutes, quiet hours and reminders. Messages
 * waiting in a window live on the alert records themselves, so a restart delivers them rather than losing them.
 */
export class Announcer {
  constructor(private readonly options: AnnouncerOptions) {}

  fired(record: AlertRecord, now: number): void {
    if (this.isMuted(record.miner, now)) this.options.book.put(record);
    else this.queue(record, 'firing', now);
  }

  /** A higher severity than the owner was told of is a new message; the old acknowledgement or snooze no longer holds. */
  escalated(record: AlertRecord, now: number): void {
    const fresh = { ...record, acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null, snoozedBy: null };
    this.fired(fresh, now);
  }

  resolved(record: AlertRecord, now: number): void {
    // Nobody was told it started (it cleared within its group window, or fired and ended while muted): say nothing.
    if (record.announcedSeverity === null) this.options.book.remove(record);
    else this.queue(record, 'resolved', now);
  }

  /** A one-shot (unexpected reboot, good news). News ignores mutes: a mute is for problems. */
  oneShot(record: AlertRecord, kind: 'firing' | 'news', now: number): void {
    if (kind === 'firing' && this.isMuted(record.miner, now)) return;
    this.queue(record, kind, now);
  }

  /** Alerts that fired or escalated while muted (or before a restart) and still fire: their turn once unmuted. */
  announceWaiting(now: number): void {
    for (const record of this.options.book.all()) {
      if (record.state !== 'firing' || record.due !== null || this.isMuted(record.miner, now)) continue;
      const told = record.announcedSeverity;
      if (told === null || SEVERITY_RANK[record.severity] > SEVERITY_RANK[told]) this.queue(record, 'firing', now);
    }
  }

  flush(now: number): void {
    const groups = new Map<string, { kind: NotificationKind; rule: string; mutedResolution: boolean; alerts: AlertRecord[] }>();
    for (const record of this.options.book.all()) {
      const due = record.due;
      if (!due || due.at > now) continue;
      const muted = this.isMuted(record.miner, now);
      if (muted && due.kind !== 'resolved' && due.kind !== 'news') {
        // Muted while waiting in its window: a firing alert waits for the mute to end, a one-shot is dropped.
        if (record.state === 'firing') this.options.book.put({ ...record, due: null });
        else this.options.book.remove(record);
        continue;
      }
      const mutedResolution = due.kind === 'resolved' && muted;
      const key = `${record.rule}|${due.kind}|${mutedResolution}`;
      const group = groups.get(key) ?? { kind: due.kind, rule: record.rule, mutedResolution, alerts: [] };
      group.alerts.push(record);
      groups.set(key, group);
    }
    for (const group of groups.values()) this.send(group.kind, group.rule, group.alerts, now, group.mutedResolution);
  }

  /** Reminders every `repeatMs` for warning and critical alerts nobody acknowledged, snoozed or muted. */
  remind(now: number): void {
    const { repeatMs } = this.options.settings;
    if (repeatMs <= 0) return;
    const due = new Map<string, AlertRecord[]>();
    for (const record of this.options.book.all()) {
      if (!this.wantsReminder(record, now, repeatMs)) continue;
      const list = due.get(record.rule) ?? [];
      list.push(record);
      due.set(record.rule, list);
    }
    for (const [rule, alerts] of due) this.send('reminder', rule, alerts, now, false);
  }

  private wantsReminder(record: AlertRecord, now: number, repeatMs: number): boolean {
    if (record.state !== 'firing' || record.announcedSeverity === null || record.due !== null) return false;
    if (record.severity === 'info' || record.acknowledgedBy !== null) return false;
    if (record.snoozedUntil !== null && record.snoozedUntil > now) return false;
    if (record.lastMessageAt === null || now - record.lastMessageAt < repeatMs) return false;
    if (this.isMuted(record.miner, now)) return false;
    // An offline miner's other alerts describe its last poll, not now; the offline alert speaks for it.
    if (record.rule !== 'offline' && this.options.book.open('offline', record.miner)?.state === 'firing') return false;
    return true;
  }

  private queue(record: AlertRecord, kind: NotificationKind, now: number): void {
    const window = kind === 'reminder' ? 0 : this.options.settings.groupWindowMs;
    const open = this.options.book.all().find((r) => r.id !== record.id && r.rule === record.rule && r.due?.kind === kind);
    const at = open?.due?.at ?? now + window;
    this.options.book.put({ ...record, due: { kind, at } });
  }

  private send(kind: NotificationKind, ruleId: string, alerts: AlertRecord[], now: number, mutedResolution: boolean): void {
    const rule = this.options.rule(ruleId);
    if (!rule) {
      this.options.log.warn({ rule: ruleId }, 'alerts of an unknown rule dropped');
      for (const alert of alerts) this.options.book.remove(alert);
      return;
    }
    const severity = alerts.reduce<Severity>((max, a) => higherSeverity(max, a.severity), 'info');
    const silent = mutedResolution || this.isSilent(kind, severity, now);
    const notification = composeNotification({ kind, rule, alerts, silent, now });
    // Not delivered to the outbox: everything stays as it was and the next tick tries again.
    if (!this.options.deliver(notification)) return;
    for (const alert of alerts) {
      if (alert.state === 'firing') {
        const told = alert.announcedSeverity === null ? alert.severity : higherSeverity(alert.announcedSeverity, alert.severity);
        this.options.book.put({ ...alert, due: null, announcedSeverity: told, lastMessageAt: now });
      } else {
        this.options.book.remove(alert);
      }
    }
  }

  /** Quiet hours silence everything but critical problems; a block found is critical news and always rings. */
  private isSilent(kind: NotificationKind, severity: Severity, now: number): boolean {
    const { quietHours, timeZone } = this.options.settings;
    if (!isQuietTime(now, quietHours, timeZone)) return false;
    return kind === 'resolved' || severity !== 'critical';
  }

  private isMuted(miner: string, now: number): boolean {
    return this.options.mutes.isMuted(miner, now);
  }
}
