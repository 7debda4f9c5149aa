import type { Config } from '../../config/schema.js';
import type { Logger } from '../../core/logger.js';
import type { SendOptions } from '../chat-platform.js';
import { imagesOf, type Message, type Severity } from '../message.js';
import { alertFactsOf } from './alert-fields.js';
import { bodyOf, severityOf, titleOf } from './channel-text.js';
import { HttpChannel, type HttpChannelOptions } from './http-channel.js';
import type { ChannelAnswer, ChannelRequest } from './http-delivery.js';

export type NtfyConfig = Config['notify']['ntfy'];

/**
 * ntfy (https://docs.ntfy.sh/publish/), on ntfy.sh or a self-hosted server: one PUT to `<url>/<topic>` per message,
 * with the priority from the severity, tags, a click action to the miner's AxeOS page, and the chart as an
 * attachment (the body, named by the `Filename` header, the text then in the `Message` header).
 */

/** ntfy priorities 1–5: 5 "urgent" rings through do-not-disturb on Android; 2 "low" shows without sound. */
const PRIORITY: Record<Severity, number> = { info: 3, warning: 4, critical: 5 };
const QUIET_PRIORITY = 2;
/** ntfy's tags that are emoji short codes show as the emoji in front of the title. */
const SEVERITY_TAG: Record<Severity, string> = { info: 'information_source', warning: 'warning', critical: 'rotating_light' };
/** ntfy turns a longer message into an attachment ("message.txt"), which a phone does not show. */
const MAX_MESSAGE_BYTES = 4_000;

/** A header value as ntfy reads it: RFC 2047 for anything beyond ASCII (°C, ≥, an emoji in a miner's name). */
function headerValue(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine, 'utf8').toString('base64')}?=`;
}

/** Text in a header keeps its line breaks in ntfy only as the literal `\n` it decodes. */
function messageHeaderValue(text: string): string {
  return headerValue(text.replace(/\n/g, '\\n'));
}

function ntfyRequest(config: NtfyConfig, message: Message, options: SendOptions & { withAttachment: boolean }): ChannelRequest {
  const severity = severityOf(message);
  const facts = alertFactsOf(message.fields);
  const tags = [SEVERITY_TAG[severity], ...(facts ? [facts.rule, ...facts.miners] : [])].map((tag) => tag.replace(/,/g, ' '));
  const headers: Record<string, string> = {
    Title: headerValue(titleOf(message)),
    Priority: String(options.silent ? Math.min(QUIET_PRIORITY, PRIORITY[severity]) : PRIORITY[severity]),
    Tags: headerValue(tags.join(',')),
  };
  if (message.link) headers.Click = message.link;
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  const url = `${config.url.replace(/\/+$/, '')}/${config.topic ?? ''}`;
  const text = bodyOf(message, { bytes: MAX_MESSAGE_BYTES });
  const image = options.withAttachment ? imagesOf(message)[0] : undefined;
  if (!image) return { method: 'PUT', url, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
  return {
    method: 'PUT',
    url,
    // A header takes ASCII only; a miner named "Küche" must not make every send fail.
    headers: { ...headers, Filename: image.filename.replace(/[^\w.-]/g, '_'), Message: messageHeaderValue(text), 'Content-Type': 'image/png' },
    body: image.png,
  };
}

/** ntfy's answer when the server keeps no attachments (400, code 40014) or this one is too large (413). */
function attachmentRefused(answer: ChannelAnswer): boolean {
  if (answer.status === 413) return true;
  if (answer.status !== 400) return false;
  try {
    return (JSON.parse(answer.text) as { code?: unknown }).code === 40014;
  } catch {
    return false;
  }
}

export interface NtfyChannelOptions extends HttpChannelOptions<NtfyConfig> {
  log: Logger;
}

export class NtfyChannel extends HttpChannel<NtfyChannelOptions> {
  /** The server said it keeps no attachments: later messages go as text at once. */
  private attachmentsRefused = false;

  constructor(options: NtfyChannelOptions) {
    super('ntfy', options.config.enabled && options.config.topic !== null, options, (config, message, sendOptions) =>
      ntfyRequest(config, message, { ...sendOptions, withAttachment: true }),
    );
  }

  /** With the chart as the attachment, until the server says it takes none; from then on as text only. */
  protected override async answer(message: Message, options: SendOptions): Promise<ChannelAnswer> {
    if (!this.attachmentsRefused) {
      const answer = await super.answer(message, options);
      if (imagesOf(message).length === 0 || !attachmentRefused(answer)) return answer;
      // Self-hosted without `attachment-cache-dir`: the words still matter, the chart is left out from now on.
      this.attachmentsRefused = true;
      this.options.log.info({ url: this.options.config.url }, 'the ntfy server takes no attachments; charts are left out');
    }
    return this.exchange(ntfyRequest(this.options.config, message, { ...options, withAttachment: false }));
  }
}
