/**
 * Acknowledge or Snooze pressed under an alert, on Discord: the alert message itself is updated to say who did it and
 * when ("✓ acknowledged by Ann 14:02") and loses its buttons, as on Telegram (../telegram/stamp.ts), instead of a new
 * message per press in a busy channel. What the command answered is shown to the presser alone. Pure: no I/O.
 */
import { EmbedBuilder, escapeMarkdown, type Message } from 'discord.js';
import { textOf } from '../reply.js';
import type { PreparedReply } from '../router.js';
import { DESCRIPTION_LIMIT } from './embeds.js';
import { CONTENT_LIMIT } from './render.js';


export interface StampedAlert {
  /** The message as it reads now, the stamp under it, no buttons: for `editReply` on the deferred press. */
  edit: { content: string; embeds: EmbedBuilder[]; components: [] };
  /** The command's answer, for the presser alone. */
  notice: string;
}

/**
 * Null when the reply carries no stamp, or the stamp would not fit the message (the reply is then sent as usual).
 * An alert is one embed (embeds.ts), so the stamp goes under the last embed's description; a plain message gets it
 * under its content. The content is kept as it was (a critical alert's mention does not ring again on an edit).
 */
export function stampedAlert(message: Pick<Message, 'content' | 'embeds'>, reply: PreparedReply): StampedAlert | null {
  if (!reply.stamp) return null;
  const stamp = escapeMarkdown(reply.stamp);
  const notice = textOf(reply.blocks);
  const embeds = message.embeds.map((embed) => EmbedBuilder.from(embed));
  const last = embeds.at(-1);
  if (last) {
    const description = [last.data.description ?? '', stamp].filter(Boolean).join('\n');
    if (description.length > DESCRIPTION_LIMIT) return null;
    last.setDescription(description);
    return { edit: { content: message.content, embeds, components: [] }, notice };
  }
  const content = [message.content, stamp].filter(Boolean).join('\n');
  if (content.length > CONTENT_LIMIT) return null;
  return { edit: { content, embeds: [], components: [] }, notice };
}
