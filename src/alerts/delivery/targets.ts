import type { Config } from '../../config/schema.js';
import { targetOf, uniqueChats, type ChatTarget } from '../../messaging/chat-target.js';
import { meetsMinimum, type Severity } from '../../messaging/message.js';
import type { AlertNotification } from '../engine/notification.js';

/** What a subscription needs to know to decide whether a chat gets a message. */
export interface SubscribedChat extends ChatTarget {
  minSeverity: Severity;
}

/** A chat an alert goes to, and whether it is in its own quiet hours (then the alert arrives without sound). */
export interface AlertTarget extends ChatTarget {
  quiet: boolean;
}

/**
 * The severity a subscription compares with its minimum. Good news is information, except a block: nobody wants to
 * sleep through one, so it reaches even "critical only" chats.
 */
export function deliverySeverity(notification: Pick<AlertNotification, 'kind' | 'rule' | 'severity'>): Severity {
  if (notification.rule === 'blockFound') return 'critical';
  if (notification.kind === 'news') return 'info';
  return notification.severity;
}


/** `chat.telegram.alertChatIds` and `chat.discord.alertChannelId`: chats named in the config; they receive every alert. */
export function configuredAlertChats(config: Pick<Config, 'chat'>): ChatTarget[] {
  const discordChannel = config.chat.discord.alertChannelId;
  return [
    ...config.chat.telegram.alertChatIds.map((id) => ({ platform: 'telegram', chatId: String(id) })),
    ...(discordChannel ? [{ platform: 'discord', chatId: discordChannel }] : []),
  ];
}

/**
 * Who gets an alert: the configured alert chats, every subscribed chat whose minimum it meets, and every standing
 * subscription of a notification channel whose minimum it meets (silent in its quiet hours, unless critical). Each
 * chat once.
 */
export function alertTargets(
  notification: Pick<AlertNotification, 'kind' | 'rule' | 'severity'>,
  chats: {
    alertChats: readonly ChatTarget[];
    subscribers: readonly SubscribedChat[];
    standing?: ReadonlyArray<SubscribedChat & { quiet: boolean }>;
  },
): AlertTarget[] {
  const severity = deliverySeverity(notification);
  const subscribed = chats.subscribers.filter((s) => meetsMinimum(severity, s.minSeverity));
  const standing = (chats.standing ?? []).filter((s) => meetsMinimum(severity, s.minSeverity));
  return uniqueChats([
    ...chats.alertChats.map((chat) => ({ ...targetOf(chat), quiet: false })),
    ...subscribed.map((chat) => ({ ...targetOf(chat), quiet: false })),
    ...standing.map((chat) => ({ ...targetOf(chat), quiet: chat.quiet && severity !== 'critical' })),
  ]);
}

/** The daily digest goes to the alert chats and to every subscriber, whatever their minimum. */
export function digestTargets(chats: { alertChats: readonly ChatTarget[]; subscribers: readonly ChatTarget[] }): ChatTarget[] {
  return uniqueChats([...chats.alertChats, ...chats.subscribers].map(targetOf));
}
