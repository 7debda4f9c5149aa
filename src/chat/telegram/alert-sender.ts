import type { AlertSender } from '../../alerts/dispatcher.js';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError } from '../../messaging/errors.js';
import { TelegramOffError, type TelegramAdapter } from './adapter.js';
import { ChatBlockedError, TelegramSendFailedError } from './send-errors.js';

/** Alerts reach Telegram through the adapter's send queue; its errors become the outbox's delivery verdicts. */
export function telegramAlertSender(telegram: TelegramAdapter): AlertSender {
  return {
    send: async (platform, chatId, message, { silent }) => {
      if (platform !== 'telegram') throw new PlatformUnavailableError(`axepilot cannot send to ${platform} chats`);
      try {
        await telegram.sendTo(chatId, message, { silent });
      } catch (error) {
        if (error instanceof ChatBlockedError) throw new ChatUnreachableError(error.message, { cause: error });
        if (error instanceof TelegramOffError) throw new PlatformUnavailableError(error.message, { cause: error });
        // A refused token is the owner's to fix, not the message's fault: the alerts wait for it in the outbox.
        if (error instanceof TelegramSendFailedError && error.verdict.kind === 'unauthorized') {
          throw new PlatformUnavailableError(error.message, { cause: error });
        }
        if (error instanceof TelegramSendFailedError && error.verdict.kind === 'permanent') {
          const movedTo = error.verdict.migrateToChatId;
          throw new MessageRefusedError(error.message, { cause: error, movedToChatId: movedTo === undefined ? null : String(movedTo) });
        }
        throw error;
      }
    },
  };
}
