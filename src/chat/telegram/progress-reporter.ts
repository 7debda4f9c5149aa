import type { ProgressReporter } from '../../bench/progress.js';
import { text } from '../reply.js';
import type { TelegramAdapter } from './adapter.js';

/** A benchmark's progress as one Telegram message, edited in place (edits do not ring the phone; the end is new). */
export function telegramProgressReporter(telegram: TelegramAdapter, chatId: string): ProgressReporter<number | null> {
  const reply = (body: string) => ({ blocks: [text(body)], buttons: [] });
  return {
    start: (body) => telegram.postEditable(chatId, reply(body)),
    update: async (messageId, body) => {
      if (messageId === null) await telegram.sendTo(chatId, reply(body));
      else await telegram.editText(chatId, messageId, reply(body));
    },
  };
}
