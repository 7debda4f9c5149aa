import type { Severity } from '../types.js';

export type NotificationKind = 'firing' | 'reminder' | 'resolved' | 'news';

/**
 * One alert instance: a (miner, rule) problem from the moment its condition held until its resolved message went
 * out, or a one-shot event until it was announced. Plain data, so a store can keep it across restarts.
 */
export interface AlertRecord {
  /** Stable for the instance's life: buttons carry it. */
  id: string;
  rule: string;
  miner: string;
  /** pending: condition holds, "for" not elapsed; event: a one-shot waiting to be announced. */
  state: 'pending' | 'firing' | 'resolved' | 'event';
  severity: Severity;
  summary: string;
  value: number | null;
  /** When the condition began to hold. */
  startedAt: number;
  firedAt: number | null;
  /** When the condition stopped holding (while `clearForMs` runs, and then as the resolution time). */
  clearingSince: number | null;
  /** The highest severity the owner has been told of; null = never announced (muted, or waiting in its group). */
  announcedSeverity: Severity | null;
  /** The last firing or reminder message, for the reminder interval. */
  lastMessageAt: number | null;
  /** A message waiting for its group window to close. */
  due: { kind: NotificationKind; at: number } | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  snoozedUntil: number | null;
  snoozedBy: string | null;
}

/** What `/alerts` shows about one firing alert. */
export interface ActiveAlert {
  id: string;
  rule: string;
  ruleTitle: string;
  miner: string;
  severity: Severity;
  summary: string;
  value: number | null;
  firedAt: number;
  acknowledgedBy: string | null;
  snoozedUntil: number | null;
  /** Fired while the miner was muted: nobody has been told yet. */
  announced: boolean;
}

export function toActiveAlert(record: AlertRecord, ruleTitle: string): ActiveAlert {
  return {
    id: record.id,
    rule: record.rule,
    ruleTitle,
    miner: record.miner,
    severity: record.severity,
    summary: record.summary,
    value: record.value,
    firedAt: record.firedAt ?? record.startedAt,
    acknowledgedBy: record.acknowledgedBy,
    snoozedUntil: record.snoozedUntil,
    announced: record.announcedSeverity !== null,
  };
}
