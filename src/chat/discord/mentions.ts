import type { MessageMentionOptions } from 'discord.js';

/**
 * Config `chat.discord.criticalMention` as Discord writes a mention, and the permission to ping exactly that role or
 * user and nobody else (every other message pings no one: miner names are user data). Takes what Discord shows when
 * you type `\@Role` (`<@&ID>`), a person's `<@ID>`, or `role:ID` / `user:ID`.
 */
export function mentionOf(configured: string | null | undefined): { text: string; allowed: MessageMentionOptions } | null {
  const match = /^(?:<@(&?)(\d{17,20})>|(role|user):(\d{17,20}))$/.exec((configured ?? '').trim());
  if (!match) return null;
  const id = match[2] ?? match[4] ?? '';
  const role = match[1] === '&' || match[3] === 'role';
  return role
    ? { text: `<@&${id}>`, allowed: { parse: [], roles: [id] } }
    : { text: `<@${id}>`, allowed: { parse: [], users: [id] } };
}

