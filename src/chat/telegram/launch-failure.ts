/**
 * Why telegraf's `launch()` ended, and whether trying again can help. 401 (a wrong or revoked token) and 409
 * (another process polls the same bot) end telegraf's polling for good (telegraf/telegraf:src/core/network/polling.ts);
 * anything else at launch (Telegram unreachable while calling getMe) may pass.
 */
import { errorMessage } from '../../core/errors.js';
import { redactSecrets } from '../../core/redact.js';

export interface LaunchFailure {
  fatal: boolean;
  /** What the owner should read in the log. */
  message: string;
  /** The underlying error, token redacted. */
  detail: string;
}

export function launchFailureOf(error: unknown): LaunchFailure {
  const detail = redactSecrets(errorMessage(error));
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 401) {
    return {
      fatal: true,
      message: 'Telegram rejected the bot token: check chat.telegram.token or TELEGRAM_BOT_TOKEN (a token from @BotFather)',
      detail,
    };
  }
  if (code === 404) {
    // The Bot API answers 404 to a token of the wrong shape; a wrong self-hosted root answers the same.
    return {
      fatal: true,
      message: 'Telegram does not know this bot token: check chat.telegram.token (and chat.telegram.apiRoot, if set)',
      detail,
    };
  }
  if (code === 409) {
    return {
      fatal: true,
      message:
        'Telegram says another instance is polling this bot (or a webhook is set): stop the other axepilot, ' +
        'or give each its own bot token',
      detail,
    };
  }
  return { fatal: false, message: 'Telegram polling failed', detail };
}
