import type { NotificationKind } from './alert-record.js';
import type { Severity } from '../types.js';
import { formatAlertDuration } from '../units.js';

/** One miner's line in a message: the rule's summary, and for reminders and resolutions how long it lasted. */
export interface AlertLine {
  miner: string;
  summary: string;
  durationMs?: number;
}

export interface AlertTextInput {
  kind: NotificationKind;
  ruleTitle: string;
  severity: Severity;
  lines: readonly AlertLine[];
}

const SEVERITY_EMOJI: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: 'ℹ️' };

export function alertEmoji(kind: NotificationKind, severity: Severity): string {
  if (kind === 'resolved') return '🟢';
  if (kind === 'news') return '🎉';
  return SEVERITY_EMOJI[severity];
}

function lineText(kind: NotificationKind, line: AlertLine): string {
  const duration = line.durationMs === undefined ? '' : formatAlertDuration(line.durationMs);
  if (kind === 'resolved' && duration) return `${line.summary} after ${duration}`;
  if (kind === 'reminder' && duration) return `${line.summary}, firing for ${duration}`;
  return line.summary;
}

function heading(kind: NotificationKind, ruleTitle: string, count: number): string {
  const miners = `${count} miners`;
  switch (kind) {
    case 'resolved':
      return `${ruleTitle} resolved on ${miners}`;
    case 'reminder':
      return `Reminder: ${ruleTitle} on ${miners}`;
    default:
      return `${ruleTitle} on ${miners}`;
  }
}

/**
 * The ready human message, e.g. `🔴 gamma: chip 76.3 °C (critical ≥ 75 °C)` or, for a group, a heading and one
 * bullet per miner. Plain text: the chat adapters escape it for their markup.
 */
export function formatAlertText(input: AlertTextInput): string {
  const emoji = alertEmoji(input.kind, input.severity);
  const lines = [...input.lines].sort((a, b) => a.miner.localeCompare(b.miner));
  const prefix = input.kind === 'reminder' ? 'Reminder: ' : '';
  const only = lines.length === 1 ? lines[0] : undefined;
  if (only) return `${emoji} ${prefix}${only.miner}: ${lineText(input.kind, only)}`;
  const bullets = lines.map((line) => `• ${line.miner}: ${lineText(input.kind, line)}`);
  return [`${emoji} ${heading(input.kind, input.ruleTitle, lines.length)}`, ...bullets].join('\n');
}

/** What `/alerttest` delivers: proof that the whole path (outbox, sender, chat) works, in the real format. */
export function formatTestText(by: string): string {
  return `🔔 Test alert from axepilot, asked for by ${by}. If you can read this, alerts reach this chat.`;
}
