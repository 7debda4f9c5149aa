import type { Message } from 'discord.js';
import type { ProgressReporter } from '../../bench/progress.js';
import { renderReply } from './render.js';
import type { DiscordAdapter } from './adapter.js';

/** A benchmark's progress as one Discord message, edited in place (edits do not ping; the final word is an edit too). */
export function discordProgressReporter(discord: DiscordAdapter, channelId: string): ProgressReporter<Message | null> {
  return {
    start: (body) => discord.postEditable(channelId, body),
    update: async (message, body) => {
      const [first] = renderReply({ blocks: [{ kind: 'text', text: body, style: 'plain' }], buttons: [] });
      if (message && first) await message.edit({ content: first.content });
      else await discord.sendTo(channelId, { blocks: [{ kind: 'text', text: body, style: 'plain' }], buttons: [] });
    },
  };
}
