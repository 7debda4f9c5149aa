import { createHmac } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Service } from '../../core/service.js';
import type { ChatPlatform, SendOptions } from '../chat-platform.js';
import type { ChatTarget } from '../chat-target.js';
import { imagesOf, plainText, type Message, type MessageFields, type Severity } from '../message.js';
import { alertFactsOf, type AlertFacts } from './alert-fields.js';
import { ChannelSwitch } from './channel-switch.js';
import { severityOf, titleOf } from './channel-text.js';
import { deliverOnce, type ChannelRequest } from './http-delivery.js';

export type WebhookConfig = Config['notify']['webhook'];

/**
 * A generic webhook for n8n, Node-RED and Home Assistant automations: one JSON POST per message, in the schema below
 * (documented in the README, "Notification channels"), signed with HMAC-SHA256 when a secret is set so the receiver
 * can tell axepilot from anyone else who learnt the URL.
 */

export const WEBHOOK_SCHEMA_VERSION = 1;
export const SIGNATURE_HEADER = 'X-Axepilot-Signature';

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

export function webhookBody(message: Message, options: SendOptions, now: number): WebhookBody {
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
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookRequest(config: WebhookConfig, message: Message, options: SendOptions, now: number): ChannelRequest {
  const body = JSON.stringify(webhookBody(message, options, now));
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'axepilot' };
  if (config.secret) headers[SIGNATURE_HEADER] = webhookSignature(config.secret, body);
  return { method: 'POST', url: config.url ?? '', headers, body };
}

export interface WebhookChannelOptions {
  config: WebhookConfig;
  clock: Clock;
}

export class WebhookChannel implements ChatPlatform, Service {
  readonly name = 'webhook';
  private readonly switch: ChannelSwitch;
  private abort = new AbortController();

  constructor(private readonly options: WebhookChannelOptions) {
    this.switch = new ChannelSwitch(this.name, options.config.enabled && options.config.url !== null);
  }

  get enabled(): boolean {
    return this.switch.enabled;
  }

  start(): Promise<void> {
    this.abort = new AbortController();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.abort.abort();
    return Promise.resolve();
  }

  send(_target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    const { clock, config } = this.options;
    return this.switch.deliver(async () => {
      await deliverOnce(this.name, webhookRequest(config, message, options, clock.now()), { clock, signal: this.abort.signal });
    });
  }
}
