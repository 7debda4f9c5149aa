import { FormData } from 'undici';
import type { Config } from '../../config/schema.js';
import type { SendOptions } from '../chat-platform.js';
import { PlatformUnavailableError } from '../errors.js';
import { imagesOf, type Message, type Severity } from '../message.js';
import { bodyOf, severityOf, titleOf } from './channel-text.js';
import { HttpChannel, type HttpChannelOptions } from './http-channel.js';
import type { ChannelAnswer, ChannelRequest } from './http-delivery.js';

export type PushoverConfig = Config['notify']['pushover'];

/**
 * Pushover (https://pushover.net/api): one multipart POST to /1/messages.json with the title, the text, a priority
 * from the severity, the miner's AxeOS page as the supplementary URL and the chart as the attachment.
 */

/** 1 "high" sounds even in the user's own Pushover quiet hours; -1 "low" shows without sound. */
const PRIORITY: Record<Severity, number> = { info: 0, warning: 0, critical: 1 };
const QUIET_PRIORITY = -1;
/** Pushover's limits: 250 characters of title, 1,024 of message, 2.5 MB of attachment. */
const MAX_TITLE_CHARS = 250;
const MAX_MESSAGE_CHARS = 1_024;
const MAX_ATTACHMENT_BYTES = 2_500_000;

function pushoverRequest(config: PushoverConfig, message: Message, options: SendOptions): ChannelRequest {
  const severity = severityOf(message);
  const form = new FormData();
  form.set('token', config.token ?? '');
  form.set('user', config.user ?? '');
  form.set('title', titleOf(message).slice(0, MAX_TITLE_CHARS));
  form.set('message', bodyOf(message, { characters: MAX_MESSAGE_CHARS }));
  form.set('priority', String(options.silent ? Math.min(QUIET_PRIORITY, PRIORITY[severity]) : PRIORITY[severity]));
  if (message.link) {
    form.set('url', message.link);
    form.set('url_title', 'Open AxeOS');
  }
  const image = imagesOf(message).find((candidate) => candidate.png.length <= MAX_ATTACHMENT_BYTES);
  if (image) form.set('attachment', new Blob([image.png], { type: 'image/png' }), image.filename);
  return { method: 'POST', url: `${config.apiRoot.replace(/\/+$/, '')}/1/messages.json`, headers: {}, body: form };
}

/**
 * Pushover says "invalid token" or "invalid user" with a 400, where other services say 401: every further message
 * would be refused the same way, so it turns the channel off like a 401.
 */
function credentialsRefused(answer: ChannelAnswer): boolean {
  if (answer.status !== 400) return false;
  try {
    const body = JSON.parse(answer.text) as { token?: unknown; user?: unknown };
    return body.token === 'invalid' || body.user === 'invalid';
  } catch {
    return false;
  }
}

export type PushoverChannelOptions = HttpChannelOptions<PushoverConfig>;

export class PushoverChannel extends HttpChannel<PushoverChannelOptions> {
  constructor(options: PushoverChannelOptions) {
    super('pushover', options.config.enabled && options.config.token !== null && options.config.user !== null, options, pushoverRequest);
  }

  /** A refused token or user key (a 400 here) turns the channel off like a 401. */
  protected override failureOf(answer: ChannelAnswer): Error | null {
    if (credentialsRefused(answer)) {
      return new PlatformUnavailableError(`pushover refused the token or user key: ${answer.text.slice(0, 300)} (check notify.pushover)`, { turnedOff: true });
    }
    return super.failureOf(answer);
  }
}
