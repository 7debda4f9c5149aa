/**
 * Telegram's shapes in and out, free of telegraf's runtime: who sent an update, whether a command line is meant
 * for this bot, the command menu within Telegram's limits, and the API root as telegraf needs it.
 */
import type { BotCommand, Chat, User } from 'telegraf/types';
import type { CommandDefinition } from '../command.js';
import type { ChatUser } from '../identity.js';

/** The sender of an update. In a group the user's own id decides their role, never the group's. */
export function chatUserOf(from: User, chat: Chat | undefined, topic?: TopicOf): ChatUser {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id);
  const threadId = topicOf(topic);
  return {
    platform: 'telegram',
    id: String(from.id),
    displayName,
    // A button on an inline message has no chat; the answer then goes to the presser's private chat.
    chatId: String(chat?.id ?? from.id),
    isGroup: chat?.type === 'group' || chat?.type === 'supergroup',
    ...(threadId !== undefined ? { threadId } : {}),
  };
}

/** The fields of a message that place it in a forum topic. */
export interface TopicOf {
  message_thread_id?: number;
  is_topic_message?: boolean;
}

/**
 * The forum topic a message sits in, if any. Only a topic message counts: in a group without topics,
 * `message_thread_id` names a reply thread, and sending into that would be refused ("message thread not found").
 */
export function topicOf(message: TopicOf | undefined): number | undefined {
  return message?.is_topic_message === true && typeof message.message_thread_id === 'number' ? message.message_thread_id : undefined;
}

/**
 * Whether a `/command` line is for this bot. In a group with several bots Telegram appends the addressee
 * (`/status@other_bot`); only ours, or a bare command, is answered.
 */
export function isCommandForThisBot(text: string, botUsername: string | undefined): boolean {
  if (!text.startsWith('/')) return false;
  const head = text.slice(1).split(/\s/, 1)[0] ?? '';
  const at = head.indexOf('@');
  if (at < 0) return true;
  return botUsername !== undefined && head.slice(at + 1).toLowerCase() === botUsername.toLowerCase();
}

// https://core.telegram.org/bots/api#botcommand: 1–32 lowercase letters, digits and underscores; description 1–256.
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_LIMIT = 256;
const MENU_LIMIT = 100;

/** The command menu for `setMyCommands`; names Telegram would refuse are left out and listed in `skipped`. */
export function botCommandsFrom(definitions: readonly CommandDefinition[]): { commands: BotCommand[]; skipped: string[] } {
  const commands: BotCommand[] = [];
  const skipped: string[] = [];
  for (const definition of definitions) {
    const description = definition.description.trim() || definition.usage.trim() || definition.name;
    if (!COMMAND_NAME.test(definition.name) || commands.length >= MENU_LIMIT) {
      skipped.push(definition.name);
      continue;
    }
    commands.push({
      command: definition.name,
      description: description.length > DESCRIPTION_LIMIT ? `${description.slice(0, DESCRIPTION_LIMIT - 1)}…` : description,
    });
  }
  return { commands, skipped };
}

/**
 * telegraf builds method URLs with `new URL('./bot<token>/<method>', apiRoot)`, so a root with a path but no trailing
 * slash loses its last segment (`http://h/prefix` → `/bot…`). A self-hosted Bot API server behind a path needs it.
 */
export function normalizeApiRoot(apiRoot: string): string {
  const url = new URL(apiRoot);
  if (url.pathname !== '/' && !url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  const text = url.toString();
  // A bare origin stays as the owner wrote it (`http://127.0.0.1:8081`), which is what telegraf expects too.
  return url.pathname === '/' ? text.replace(/\/$/, '') : text;
}
