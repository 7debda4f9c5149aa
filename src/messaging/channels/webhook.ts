import { createHmac } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { SendOptions } from '../chat-platform.js';
import { imagesOf, plainText, type Message, type MessageFields, type Severity } from '../message.js';
import { alertFactsOf, type AlertFacts } from './alert-fields.js';
import { severityOf, titleOf } from './channel-text.js';
import { HttpChannel, type HttpChannelOptions } from './http-channel.js';
import type { ChannelRequest } from './http-delivery.js';

export type WebhookConfig = Config['notify']['webhook'];

/**
 * A generic webhook for n8n, Node-RED and Home Assistant automations: one JSON POST per message, in the schema below
 * (documented in the README, "Notification channels"), signed with HMAC-SHA256 when a secret is set so the receiver
 * can tell axepilot from anyone else who learnt the URL.
 */

const WEBHOOK_SCHEMA_VERSION = 1;
const SIGNATURE_HEADER = 'X-Axepilot-Signature';

export interface WebhookBody {
  version: typeof WEBHOOK_SCHEMA_VERSION;
  source: 'axepilot';
  /** ISO 8601, when this attempt was sent (a message that waited in the outbox has a later time than its alert). */
  sentAt: string;
  title: string;
  /** The message as the chats show it, plain text. */
  text: string;
  severity: Severity;
  /** Quiet hours or a resolution: an automation may choose not to make noise. */
  silent: boolean;
  /** The miner's AxeOS page, when the message is about one miner. */
  link: string | null;
  /** Null for the digest and other notices. */
  alert: AlertFacts | null;
  /** Every fact the message carries, as it carries it. */
  fields: MessageFields;
  /** Charts, as base64 PNG. */
  images: Array<{ filename: string; contentType: 'image/png'; base64: string }>;
}

function webhookBody(message: Message, options: SendOptions, now: number): WebhookBody {
  return {
    version: WEBHOOK_SCHEMA_VERSION,
    source: 'axepilot',
    sentAt: new Date(now).toISOString(),
    title: titleOf(message),
    text: plainText(message),
    severity: severityOf(message),
    silent: options.silent,
    link: message.link ?? null,
    alert: alertFactsOf(message.fields),
    fields: message.fields ?? {},
    images: imagesOf(message).map((image) => ({ filename: image.filename, contentType: 'image/png', base64: image.png.toString('base64') })),
  };
}

/** `sha256=<hex>` of the exact bytes sent: the receiver recomputes it over the raw body, before parsing it. */
function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookRequest(config: WebhookConfig, message: Message, options: SendOptions, now: number): ChannelRequest {
  const body = JSON.stringify(webhookBody(message, options, now));
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'axepilot' };
  if (config.secret) headers[SIGNATURE_HEADER] = webhookSignature(config.secret, body);
  return { method: 'POST', url: config.url ?? '', headers, body };
}

export type WebhookChannelOptions = HttpChannelOptions<WebhookConfig>;

export class WebhookChannel extends HttpChannel<WebhookChannelOptions> {
  constructor(options: WebhookChannelOptions) {
    super('webhook', options.config.enabled && options.config.url !== null, options, webhookRequest);
  }
}
