import { createHash } from 'node:crypto';
import type { AlertRecord } from './alert-record.js';
import { SEVERITY_RANK, type AlertRule, type Condition } from '../types.js';

/** What a judgement did to an alert; the engine turns these into messages. */
export type Transition = 'none' | 'fired' | 'escalated' | 'resolved' | 'cancelled';

export interface LifecycleInput {
  rule: AlertRule;
  miner: string;
  record: AlertRecord | undefined;
  condition: Condition | null;
  forMs: number;
  now: number;
}

export interface LifecycleResult {
  record: AlertRecord | undefined;
  transition: Transition;
}

/** Short (fits a chat button), stable for the instance, different for the next instance of the same problem. */
export function alertId(rule: string, miner: string, startedAt: number): string {
  const digest = createHash('sha256').update(`${rule}\u0000${miner}\u0000${startedAt}`).digest('base64url');
  return `a${digest.slice(0, 11)}`;
}

export function newRecord(rule: string, miner: string, condition: Condition, startedAt: number): AlertRecord {
  return {
    id: alertId(rule, miner, startedAt),
    rule,
    miner,
    state: 'pending',
    severity: condition.severity,
    summary: condition.summary,
    value: condition.value ?? null,
    startedAt,
    firedAt: null,
    clearingSince: null,
    announcedSeverity: null,
    lastMessageAt: null,
    due: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    snoozedUntil: null,
    snoozedBy: null,
  };
}

function withCondition(record: AlertRecord, condition: Condition): AlertRecord {
  return { ...record, severity: condition.severity, summary: condition.summary, value: condition.value ?? null };
}

function readyToFire(record: AlertRecord, condition: Condition, forMs: number, now: number): boolean {
  return now - record.startedAt >= forMs && now >= (condition.notBefore ?? -Infinity);
}

/**
 * pending → firing → resolved for a `state` rule, as a pure function of the previous record and the new judgement.
 * A condition that clears while pending leaves no trace; a null judgement (no reading) changes nothing.
 */
export function advanceLifecycle(input: LifecycleInput): LifecycleResult {
  const { rule, miner, record, condition, forMs, now } = input;
  if (condition === null) return { record, transition: 'none' };

  if (!record) {
    if (!condition.active) return { record: undefined, transition: 'none' };
    const pending = newRecord(rule.id, miner, condition, Math.min(condition.since ?? now, now));
    if (!readyToFire(pending, condition, forMs, now)) return { record: pending, transition: 'none' };
    return { record: { ...pending, state: 'firing', firedAt: now }, transition: 'fired' };
  }

  if (record.state === 'pending') {
    if (!condition.active) return { record: undefined, transition: 'cancelled' };
    const updated = withCondition(record, condition);
    if (!readyToFire(updated, condition, forMs, now)) return { record: updated, transition: 'none' };
    return { record: { ...updated, state: 'firing', firedAt: now }, transition: 'fired' };
  }

  if (record.state !== 'firing') return { record, transition: 'none' };

  if (condition.active) {
    const told = record.announcedSeverity;
    // Until the first message is out, it reports what made the alert fire (or worse), not a reading since then.
    const keepFiringReading = told === null && SEVERITY_RANK[condition.severity] <= SEVERITY_RANK[record.severity];
    const updated = { ...(keepFiringReading ? record : withCondition(record, condition)), clearingSince: null };
    const escalated = told !== null && SEVERITY_RANK[condition.severity] > SEVERITY_RANK[told];
    return { record: updated, transition: escalated ? 'escalated' : 'none' };
  }

  const clearingSince = record.clearingSince ?? now;
  if (now - clearingSince < (rule.clearForMs ?? 0)) {
    return { record: { ...record, clearingSince }, transition: 'none' };
  }
  return {
    record: { ...record, state: 'resolved', summary: condition.summary, value: condition.value ?? null, clearingSince },
    transition: 'resolved',
  };
}
