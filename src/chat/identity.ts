import type { ChatTarget } from '../messaging/chat-target.js';

/** Who sent a command, on which platform and in which chat. In a group, the user's id decides, not the chat's. */
export interface ChatUser {
  platform: 'telegram' | 'discord' | 'console';
  /** The platform's user id, e.g. `123456789`; `local` for the console. */
  id: string;
  displayName: string;
  chatId: string;
  isGroup: boolean;
  /** The forum topic the command came from (Telegram's `message_thread_id`); the reply goes back there. */
  threadId?: number;
}

export type Role = 'admin' | 'viewer' | 'none';

/** `telegram:123456789`: the form used in config `chat.admins` / `chat.viewers`. */
export function userKey(user: Pick<ChatUser, 'platform' | 'id'>): string {
  return `${user.platform}:${user.id}`;
}

/** The Telegram user id in a config key (`telegram:123456789` → 123456789); null for another platform's key. */
export function telegramUserIdOf(key: string): number | null {
  const match = /^telegram:(\d+)$/.exec(key);
  return match?.[1] ? Number(match[1]) : null;
}

export function roleOf(user: ChatUser, access: { admins: readonly string[]; viewers: readonly string[] }): Role {
  // Whoever can type into the service's own terminal already controls the machine it runs on.
  if (user.platform === 'console') return 'admin';
  const key = userKey(user);
  if (access.admins.includes(key)) return 'admin';
  if (access.viewers.includes(key)) return 'viewer';
  return 'none';
}

export function roleAllows(role: Role, required: Role | 'everyone'): boolean {
  if (required === 'everyone') return true;
  if (required === 'viewer') return role === 'viewer' || role === 'admin';
  if (required === 'admin') return role === 'admin';
  return false;
}

/**
 * The chat a command came from, as messaging addresses it: in a forum topic, that topic, so what answers later (an
 * alert it subscribed to, a benchmark's progress) arrives there too.
 */
export function chatTargetOf(user: ChatUser): ChatTarget {
  return { platform: user.platform, chatId: user.chatId, ...(user.threadId === undefined ? {} : { thread: String(user.threadId) }) };
}
