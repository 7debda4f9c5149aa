/**
 * A button pressed in Discord: acknowledged at once as an update of the message it is on (Discord wants an answer
 * within 3 s), then the router's reply either rewrites that message (a chart's range, an alert stamped by
 * Acknowledge or Snooze) or follows it; notices are for the presser alone.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { CommandRouter, PreparedReply } from '../router.js';
import { discardReplyFiles } from '../reply-files.js';
import { renderMessage } from './embeds.js';
import { chatUserOf } from './interaction-user.js';
import { NO_MENTIONS, payloadOf } from './render.js';
import { stampedAlert } from './stamp.js';

export async function handlePress(interaction: ButtonInteraction, router: CommandRouter): Promise<void> {
  await interaction.deferUpdate();
  const outcome = await router.pressButton(chatUserOf(interaction), interaction.customId);
  const reply = outcome.reply;
  try {
    // Acknowledge and Snooze under an alert: the alert itself says who did it, and the answer is for the presser.
    const stamped = reply ? stampedAlert(interaction.message, reply) : null;
    if (stamped) await interaction.editReply({ ...stamped.edit, allowedMentions: NO_MENTIONS });
    const notice = outcome.notice ?? stamped?.notice ?? null;
    if (notice) await interaction.followUp({ content: notice, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    if (reply && !stamped) await sendPressReply(interaction, reply, outcome.edit);
  } finally {
    if (reply) await discardReplyFiles(reply.blocks);
  }
}

async function sendPressReply(interaction: ButtonInteraction, reply: PreparedReply, edit: boolean): Promise<void> {
  const messages = renderMessage(reply);
  if (edit && messages[0]) {
    const [first, ...rest] = messages;
    // Without `attachments: []` the old chart would stay next to the new one.
    await interaction.editReply({ ...payloadOf(first), attachments: [] });
    for (const message of rest) await interaction.followUp(payloadOf(message));
    return;
  }
  for (const message of messages) await interaction.followUp(payloadOf(message));
}
