import type { Config } from '../config/schema.js';
import type { AlertNotification } from './notification.js';
import { SEVERITY_RANK, type Severity } from './types.js';

/** A chat that can receive messages: `telegram` + `123456789` (a user) or `-100…` (a group). */
export interface ChatTarget {
  platform: string;
  chatId: string;
}

/** What a subscription needs to know to decide whether a chat gets a message. */
export interface SubscribedChat extends ChatTarget {
  minSeverity: Severity;
}

export function sameChat(a: ChatTarget, b: ChatTarget): boolean {
  return a.platform === b.platform && a.chatId === b.chatId;
}

export function chatKey(target: ChatTarget): string {
  return `${target.platform}:${target.chatId}`;
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

export function meetsMinimum(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

/** `chat.telegram.alertChatIds` and `chat.discord.alertChannelId`: chats named in the config; they receive every alert. */
export function configuredAlertChats(config: Pick<Config, 'chat'>): ChatTarget[] {
  const discordChannel = config.chat.discord.alertChannelId;
  return [
    ...config.chat.telegram.alertChatIds.map((id) => ({ platform: 'telegram', chatId: String(id) })),
    ...(discordChannel ? [{ platform: 'discord', chatId: discordChannel }] : []),
  ];
}

function unique(targets: readonly ChatTarget[]): ChatTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = chatKey(target);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Who gets an alert: the configured alert chats, and every subscribed chat whose minimum it meets. Each chat once. */
export function alertTargets(
  notification: Pick<AlertNotification, 'kind' | 'rule' | 'severity'>,
  chats: { alertChats: readonly ChatTarget[]; subscribers: readonly SubscribedChat[] },
): ChatTarget[] {
  const severity = deliverySeverity(notification);
  const subscribed = chats.subscribers.filter((s) => meetsMinimum(severity, s.minSeverity));
  return unique([...chats.alertChats, ...subscribed.map(({ platform, chatId }) => ({ platform, chatId }))]);
}

/** The daily digest goes to the alert chats and to every subscriber, whatever their minimum. */
export function digestTargets(chats: { alertChats: readonly ChatTarget[]; subscribers: readonly ChatTarget[] }): ChatTarget[] {
  return unique([...chats.alertChats, ...chats.subscribers.map(({ platform, chatId }) => ({ platform, chatId }))]);
}
