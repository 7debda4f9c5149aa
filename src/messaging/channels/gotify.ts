import type { Config } from '../../config/schema.js';
import type { SendOptions } from '../chat-platform.js';
import type { Message, Severity } from '../message.js';
import { bodyOf, severityOf, titleOf } from './channel-text.js';
import { HttpChannel, type HttpChannelOptions } from './http-channel.js';
import type { ChannelRequest } from './http-delivery.js';

export type GotifyConfig = Config['notify']['gotify'];

/**
 * Gotify (https://gotify.net/api-docs): one POST to /message with the application token in `X-Gotify-Key` (not in
 * the URL, where proxies log it). Gotify keeps no files, so a chart stays in the chats; the text says what it shows.
 */

/** The Android app: 1–3 a silent notification, 4–7 with sound, 8–10 with sound and a pop-up. */
const PRIORITY: Record<Severity, number> = { info: 4, warning: 5, critical: 8 };
const QUIET_PRIORITY = 2;
const MAX_MESSAGE_BYTES = 16_000;

function gotifyRequest(config: GotifyConfig, message: Message, options: SendOptions): ChannelRequest {
  const severity = severityOf(message);
  const extras: Record<string, unknown> = { 'client::display': { contentType: 'text/plain' } };
  // Tapping the notification opens the miner's AxeOS page.
  if (message.link) extras['client::notification'] = { click: { url: message.link } };
  const body = {
    title: titleOf(message),
    message: bodyOf(message, { bytes: MAX_MESSAGE_BYTES }),
    priority: options.silent ? Math.min(QUIET_PRIORITY, PRIORITY[severity]) : PRIORITY[severity],
    extras,
  };
  return {
    method: 'POST',
    url: `${(config.url ?? '').replace(/\/+$/, '')}/message`,
    headers: { 'Content-Type': 'application/json', 'X-Gotify-Key': config.token ?? '' },
    body: JSON.stringify(body),
  };
}

export type GotifyChannelOptions = HttpChannelOptions<GotifyConfig>;

export class GotifyChannel extends HttpChannel<GotifyChannelOptions> {
  constructor(options: GotifyChannelOptions) {
    super('gotify', options.config.enabled && options.config.url !== null && options.config.token !== null, options, gotifyRequest);
  }
}
