import { createHash } from 'node:crypto';
import type { AlertRecord, NotificationKind } from './alert-record.js';
import { formatAlertText, formatTestText, type AlertLine } from './format.js';
import { higherSeverity, type AlertRule, type Severity } from '../types.js';

/** One message for the outbox. The engine only produces these; delivery is someone else's job. */
export interface AlertNotification {
  id: string;
  kind: NotificationKind;
  rule: string;
  severity: Severity;
  miners: string[];
  alertIds: string[];
  text: string;
  /** Deliver without sound (Telegram `disable_notification`, Discord SUPPRESS_NOTIFICATIONS). */
  silent: boolean;
  /**
   * Whether it carries Acknowledge / Snooze buttons (a firing or reminder above info) for its `alertIds`; which
   * buttons, with what labels, is alert-buttons.ts's one answer.
   */
  actionable: boolean;
  createdAt: number;
  /** Each alert's reading (value in the rule's unit, and its line), for channels that pass data on: the webhook. */
  readings?: Array<{ miner: string; value: number | null; summary: string }>;
}

export const ALERT_ID_SEPARATOR = '+';

export function splitAlertIds(alertId: string): string[] {
  return alertId.split(ALERT_ID_SEPARATOR).filter((id) => id.length > 0);
}

export const SNOOZE_SHORT_MS = 3_600_000;
export const SNOOZE_LONG_MS = 8 * 3_600_000;

function actionable(kind: NotificationKind, severity: Severity): boolean {
  return (kind === 'firing' || kind === 'reminder') && severity !== 'info';
}

function durationOf(kind: NotificationKind, rule: AlertRule, alert: AlertRecord, now: number): number | undefined {
  if (kind === 'reminder' && alert.firedAt !== null) return now - alert.firedAt;
  if (kind !== 'resolved') return undefined;
  const from = rule.durationFrom === 'start' ? alert.startedAt : (alert.firedAt ?? alert.startedAt);
  return (alert.clearingSince ?? now) - from;
}

/** A stable id, so an outbox that sees the same notification twice can tell. */
export function notificationId(kind: NotificationKind, alertIds: readonly string[], createdAt: number): string {
  const digest = createHash('sha256').update(`${kind}|${alertIds.join(',')}|${createdAt}`).digest('base64url');
  return `n${digest.slice(0, 15)}`;
}

export interface ComposeInput {
  kind: NotificationKind;
  rule: AlertRule;
  alerts: readonly AlertRecord[];
  silent: boolean;
  now: number;
}

export function composeNotification(input: ComposeInput): AlertNotification {
  const { kind, rule, now } = input;
  const alerts = [...input.alerts].sort((a, b) => a.miner.localeCompare(b.miner));
  const severity = alerts.reduce<Severity>((max, a) => higherSeverity(max, a.severity), 'info');
  const lines: AlertLine[] = alerts.map((alert) => {
    const durationMs = durationOf(kind, rule, alert, now);
    return { miner: alert.miner, summary: alert.summary, ...(durationMs === undefined ? {} : { durationMs }) };
  });
  const alertIds = alerts.map((a) => a.id);
  return {
    id: notificationId(kind, alertIds, now),
    kind,
    rule: rule.id,
    severity,
    miners: alerts.map((a) => a.miner),
    alertIds,
    text: formatAlertText({ kind, ruleTitle: rule.title, severity, lines }),
    silent: input.silent,
    actionable: actionable(kind, severity),
    createdAt: now,
    readings: alerts.map((alert) => ({ miner: alert.miner, value: alert.value, summary: alert.summary })),
  };
}

/** What `/alerttest` sends: loud even in quiet hours, since it tests that alerts can reach the owner at all. */
export function composeTestNotification(by: string, now: number): AlertNotification {
  return {
    id: notificationId('news', [`test:${by}`], now),
    kind: 'news',
    rule: 'test',
    severity: 'info',
    miners: [],
    alertIds: [],
    text: formatTestText(by),
    silent: false,
    actionable: false,
    createdAt: now,
  };
}
