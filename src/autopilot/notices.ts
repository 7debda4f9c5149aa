/**
 * What the autopilot tells the owner: every move and why (info), a pause, an overheat recovery, drift, and a
 * critical call for a person when restarts do not help. They travel the alert delivery (outbox, subscriptions,
 * quiet chats for info), as notifications of the rule `autopilot`.
 */
import { notificationId, type AlertNotification } from '../alerts/engine/notification.js';
import type { Severity } from '../alerts/types.js';

export const AUTOPILOT_RULE = 'autopilot';

export interface AutopilotNotice {
  miner: string;
  severity: Severity;
  /** One line without the miner's name: `625 → 600 MHz, fan 78 % above its 70 % cap for 4 min`. */
  text: string;
  at: number;
}

export type NoticeSink = (notice: AutopilotNotice) => void;

/** The notice as the alert delivery takes it: info as quiet news, a call for a person as a critical alert. */
export function alertNotificationOf(notice: AutopilotNotice): AlertNotification {
  const critical = notice.severity === 'critical';
  const kind = critical ? 'firing' : 'news';
  const emoji = critical ? '🔴' : notice.severity === 'warning' ? '🟠' : '🤖';
  return {
    id: notificationId(kind, [`${AUTOPILOT_RULE}:${notice.miner}:${notice.text}`], notice.at),
    kind,
    rule: AUTOPILOT_RULE,
    severity: notice.severity,
    miners: [notice.miner],
    alertIds: [],
    text: `${emoji} ${notice.miner}: ${notice.text}`,
    silent: notice.severity === 'info',
    actionable: false,
    createdAt: notice.at,
  };
}
