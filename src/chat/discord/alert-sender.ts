import type { AlertSender } from '../../alerts/dispatcher.js';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError } from '../../messaging/errors.js';
import type { DiscordAdapter } from './adapter.js';
import { DiscordChannelUnreachableError, DiscordMessageRefusedError, DiscordOffError } from './send-errors.js';

/** Alerts reach Discord channels through the adapter; its errors become the outbox's delivery verdicts. */
export function discordAlertSender(discord: DiscordAdapter): AlertSender {
  return {
    send: async (platform, chatId, message, { silent }) => {
      if (platform !== 'discord') throw new PlatformUnavailableError(`axepilot cannot send to ${platform} chats`);
      try {
        await discord.sendTo(chatId, message, { silent });
      } catch (error) {
        if (error instanceof DiscordChannelUnreachableError) throw new ChatUnreachableError(error.message, { cause: error });
        if (error instanceof DiscordOffError) throw new PlatformUnavailableError(error.message, { cause: error });
        if (error instanceof DiscordMessageRefusedError) throw new MessageRefusedError(error.message, { cause: error });
        throw error;
      }
    },
  };
}

/** One sender per platform; a platform without one cannot be sent to from this process. */
export function alertSenderByPlatform(senders: Readonly<Record<string, AlertSender>>): AlertSender {
  return {
    send: (platform, chatId, message, options) => {
      const sender = senders[platform];
      if (!sender) return Promise.reject(new PlatformUnavailableError(`axepilot cannot send to ${platform} chats`));
      return sender.send(platform, chatId, message, options);
    },
  };
}
