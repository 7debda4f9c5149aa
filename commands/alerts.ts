import type { ActiveAlert } from '../src/alerts/engine/alert-record.js';
import type { AlertDesk } from '../src/alerts/desk.js';
import { alertEmoji } from '../src/alerts/engine/format.js';
import { alertButtons } from '../src/alerts/delivery/alert-buttons.js';
import type { Mute } from '../src/alerts/engine/mutes.js';
import { parsePositional } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatDuration, formatLocalTime } from '../src/chat/format.js';
import type { ChatUser } from '../src/chat/identity.js';
import { text, title, type Reply, type ReplyButton } from '../src/chat/reply.js';
import type { ChatServices } from '../src/chat/services.js';
import { UserError } from '../src/core/errors.js';

/** Buttons for this many alerts at most: a phone shows a long keyboard badly, and /ack all covers the rest. */
const ALERTS_WITH_BUTTONS = 8;

/** The alert desk, or a plain refusal when alerts are not running in this process. */
export function alertDeskOf(services: ChatServices): AlertDesk {
  if (!services.alerts) throw new UserError('Alerts are not running in this axepilot.');
  return services.alerts;
}

/** Who did it, as `/alerts` shows it later: the person's name, or their id when the platform gives none. */
export function actorName(user: ChatUser): string {
  return user.displayName.trim() || `${user.platform}:${user.id}`;
}

/** An alert's Acknowledge / Snooze buttons (the same lines as under the alert message), kept across a restart. */
function alertReplyButtons(alertId: string, ackLabel: string): ReplyButton[] {
  return alertButtons(alertId, ackLabel).map(({ label, line, intent }) => ({ label, intent, action: { kind: 'command', line, edit: false } }));
}

function alertCard(alert: ActiveAlert, now: number, timeZone: string): string {
  const state: string[] = [`since ${formatLocalTime(alert.firedAt, timeZone)} (${formatDuration(now - alert.firedAt)})`];
  if (!alert.announced) state.push('not announced yet (muted or waiting)');
  if (alert.acknowledgedBy) state.push(`acknowledged by ${alert.acknowledgedBy}`);
  if (alert.snoozedUntil !== null && alert.snoozedUntil > now) state.push(`snoozed until ${formatLocalTime(alert.snoozedUntil, timeZone)}`);
  return [`${alertEmoji('firing', alert.severity)} ${alert.miner} · ${alert.ruleTitle}`, alert.summary, state.join(' · '), `id ${alert.id}`].join('\n');
}

export function muteLines(mutes: readonly Mute[], timeZone: string): string {
  return mutes
    .map((m) => `🔕 ${m.target === 'all' ? 'all miners' : m.target} muted until ${formatLocalTime(m.until, timeZone)} (by ${m.by})`)
    .join('\n');
}

/** What fires now, worst first, each with its buttons; and what is muted. */
export const alertsCommand = defineCommand<null>({
  name: 'alerts',
  description: 'What is firing now, with Acknowledge and Snooze buttons',
  usage: '/alerts',
  role: 'viewer',
  args: {},
  parse: (words, { services }) => {
    parsePositional({}, words, services.fleet.miners(), 'alerts');
    return null;
  },
  run: (_args, { services }): Promise<Reply> => {
    const desk = alertDeskOf(services);
    const now = services.clock.now();
    const zone = services.config.timezone;
    const firing = desk.firing();
    const mutes = desk.engine.activeMutes();
    const blocks = firing.length === 0
      ? [text('Nothing is firing. ✅')]
      : [title(`Firing now (${firing.length})`), ...firing.map((alert) => text(alertCard(alert, now, zone)))];
    if (mutes.length > 0) blocks.push(text(muteLines(mutes, zone)));
    if (firing.length > ALERTS_WITH_BUTTONS) blocks.push(text(`Buttons for the first ${ALERTS_WITH_BUTTONS}; /ack all acknowledges everything.`));
    const buttons = firing.slice(0, ALERTS_WITH_BUTTONS).map((alert) => alertReplyButtons(alert.id, `Ack ${alert.miner}`));
    return Promise.resolve({ blocks, buttons });
  },
});
