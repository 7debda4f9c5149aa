import type { Statement } from 'better-sqlite3';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { guarded } from '../../store/errors.js';
import type { EventSeverity } from '../../store/events.js';
import type { Store } from '../../store/store.js';
import type { AlertNotification } from '../engine/notification.js';

/** The `events` kind of alert history, so `/events` lists alerts among reboots and outages. */
export const ALERT_EVENT_KIND = 'alert';

/** One alert that fired, as the digest counts them. */
export interface FiredAlert {
  ts: number;
  minerId: number | null;
  /** The miner's name as the alert said it (also for a miner never seen, which has no id). */
  miner: string | null;
  rule: string;
  severity: EventSeverity;
  message: string;
}

interface FiredDbRow {
  ts: number;
  miner_id: number | null;
  severity: EventSeverity;
  message: string;
  rule: string | null;
  miner: string | null;
}

/** Drops the leading emoji a message starts with (`🔴 `, `ℹ️ `): `/events` marks severity itself. */
function withoutEmoji(line: string): string {
  const space = line.indexOf(' ');
  return space > 0 && !/[A-Za-z0-9]/.test(line.slice(0, space)) ? line.slice(space + 1) : line;
}

/** `gamma: chip 76.3 °C (…)`: this miner's line of a (possibly grouped) message. */
export function eventLine(notification: Pick<AlertNotification, 'kind' | 'text'>, miner: string): string {
  const lines = notification.text.split('\n');
  const marker = `${miner}: `;
  const own = lines.find((line) => line.includes(marker)) ?? lines[0] ?? '';
  const line = own.slice(Math.max(0, own.indexOf(marker)));
  return notification.kind === 'reminder' ? `Reminder: ${line}` : line;
}

function eventSeverity(notification: AlertNotification): EventSeverity {
  return notification.kind === 'resolved' || notification.kind === 'news' ? 'info' : notification.severity;
}

/** Alert history in the `events` table: one event per miner per message, and the digest's count of what fired. */
export class AlertHistory {
  private readonly firedStatement: Statement<[number, number], FiredDbRow>;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    this.firedStatement = store.db.prepare(`
      SELECT ts, miner_id, severity, message, json_extract(data, '$.rule') AS rule, json_extract(data, '$.miner') AS miner FROM events
      WHERE kind = '${ALERT_EVENT_KIND}' AND ts >= ? AND ts < ? AND json_extract(data, '$.kind') = 'firing'
      ORDER BY ts, id`);
  }

  /** Records the message; a failure is logged, never thrown: the message itself is safe in the outbox already. */
  record(notification: AlertNotification): void {
    const data = { kind: notification.kind, rule: notification.rule, notificationId: notification.id, alertIds: notification.alertIds };
    const severity = eventSeverity(notification);
    try {
      if (notification.miners.length === 0) {
        const message = withoutEmoji(notification.text.split('\n')[0] ?? '').replace(/\. .*$/, '');
        this.store.events.add({ minerId: null, ts: notification.createdAt, kind: ALERT_EVENT_KIND, severity, message, data });
        return;
      }
      for (const miner of notification.miners) {
        this.store.events.add({
          minerId: this.store.miners.byName(miner)?.id ?? null,
          ts: notification.createdAt,
          kind: ALERT_EVENT_KIND,
          severity,
          message: eventLine(notification, miner),
          data: { ...data, miner },
        });
      }
    } catch (error) {
      this.log.error({ notification: notification.id, err: errorMessage(error) }, 'cannot record alert history');
    }
  }

  /** What the autopilot told the owner in [fromMs, toMs) (rule `autopilot`, src/autopilot/notices.ts), per miner id. */
  autopilotNoticesBetween(fromMs: number, toMs: number): Array<{ minerId: number | null }> {
    return guarded(this.store.db, 'read alert history', () =>
      this.store.db.prepare<[number, number], { miner_id: number | null }>(
        `SELECT miner_id FROM events WHERE kind = '${ALERT_EVENT_KIND}' AND ts >= ? AND ts < ? AND json_extract(data, '$.rule') = 'autopilot'`,
      ).all(Math.round(fromMs), Math.round(toMs)).map((row) => ({ minerId: row.miner_id })));
  }

  /** Alerts that fired in [fromMs, toMs), oldest first (reminders and resolutions not counted). */
  firedBetween(fromMs: number, toMs: number): FiredAlert[] {
    const rows = guarded(this.store.db, 'read alert history', () => this.firedStatement.all(Math.round(fromMs), Math.round(toMs)));
    return rows.map((row) => ({
      ts: row.ts,
      minerId: row.miner_id,
      miner: row.miner,
      rule: row.rule ?? '?',
      severity: row.severity,
      message: row.message,
    }));
  }
}
