import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { ChatUser } from '../identity.js';

/** Who sent an interaction, and where: in a server channel (a group) or a DM with the bot. */
export function chatUserOf(interaction: ChatInputCommandInteraction | ButtonInteraction | AutocompleteInteraction): ChatUser {
  return {
    platform: 'discord',
    id: interaction.user.id,
    displayName: interaction.user.globalName ?? interaction.user.username,
    chatId: interaction.channelId,
    isGroup: interaction.inGuild(),
  };
}
