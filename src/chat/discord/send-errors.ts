import { DiscordAPIError } from 'discord.js';
import { errorMessage } from '../../core/errors.js';
import { ChatUnreachableError, MessageRefusedError, PlatformUnavailableError } from '../../messaging/errors.js';

/** Discord has no token, so nothing can be sent there. */
export class DiscordOffError extends PlatformUnavailableError {
  constructor() {
    super('Discord is off: no bot token is configured');
  }
}

/** The channel does not exist or the bot may not see or post in it (403/404): nothing sent there can arrive. */
export class DiscordChannelUnreachableError extends ChatUnreachableError {}

/** Discord refused this one message for good (another 4xx); the channel's next message may pass. */
export class DiscordMessageRefusedError extends MessageRefusedError {}

/**
 * Sorts a failed REST call by what the sender should do next. Anything that is not a Discord 4xx (network errors,
 * 5xx after discord.js's own retries) is returned as it is: try later. 429s never get here, discord.js waits them out.
 */
export function classifySendError(error: unknown, channelId: string): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  const detail = `Discord channel ${channelId}: ${errorMessage(error)} (${error.status})`;
  if (error.status === 403 || error.status === 404) return new DiscordChannelUnreachableError(detail, { cause: error });
  if (error.status >= 400 && error.status < 500 && error.status !== 429) return new DiscordMessageRefusedError(detail, { cause: error });
  return error;
}

/** An upload Discord refused for its size: HTTP 413, or JSON error 40005 "Request entity too large". */
export function isUploadTooLarge(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status === 413 || error.code === 40005;
  return error instanceof Error && (error as { status?: unknown }).status === 413;
}
