import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config/schema.js';
import { errorMessage } from '../../core/errors.js';
import type { Service } from '../../core/service.js';
import type { ChatPlatform, SendOptions } from '../chat-platform.js';
import type { ChatTarget } from '../chat-target.js';
import { MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../errors.js';
import type { Message } from '../message.js';
import { ChannelSwitch } from './channel-switch.js';
import { mailBody } from './email-body.js';

export type EmailConfig = Config['notify']['email'];

/**
 * E-mail over SMTP (nodemailer): one mail per message to the configured addresses, the daily digest as an HTML mail
 * with its chart inline. The SMTP reply codes map to the messaging error vocabulary:
 * - a refused login (535) or a sender/recipient the server will never take (5xx on MAIL FROM/RCPT TO): every further
 *   mail would fail the same way, so the channel turns itself off;
 * - another 5xx (552 too large, 554 rejected as spam): this one mail is refused;
 * - 4xx (greylisting, a full queue), a refused connection, a timeout: transient.
 */

/** nodemailer's error: `code` names the stage (EAUTH, EENVELOPE, ECONNECTION…), `responseCode` the server's reply. */
interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
}

function failureOfSmtp(error: unknown): Error {
  const { code, responseCode } = error as SmtpError;
  const detail = `the SMTP server ${responseCode ? `answered ${responseCode}` : 'failed'}: ${errorMessage(error)}`;
  if (code === 'EAUTH' || (code === 'EENVELOPE' && responseCode !== undefined && responseCode >= 500)) {
    return new PlatformUnavailableError(`e-mail: ${detail} (check notify.email)`, { cause: error, turnedOff: true });
  }
  if (responseCode !== undefined && responseCode >= 500) return new MessageRefusedError(`e-mail: ${detail}`, { cause: error });
  return new TransientDeliveryError(`e-mail: ${detail}`, { cause: error });
}

export interface EmailChannelOptions {
  config: EmailConfig;
}

export class EmailChannel implements ChatPlatform, Service {
  readonly name = 'email';
  private readonly switch: ChannelSwitch;
  private transport: Transporter | null = null;

  constructor(private readonly options: EmailChannelOptions) {
    const { config } = options;
    this.switch = new ChannelSwitch(this.name, config.enabled && config.host !== null && config.from !== null && config.to.length > 0);
  }

  get enabled(): boolean {
    return this.switch.enabled;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Closes the SMTP connection; a mail on the wire fails and stays in the outbox for the next start. */
  stop(): Promise<void> {
    this.transport?.close();
    this.transport = null;
    return Promise.resolve();
  }

  send(_target: ChatTarget, message: Message, _options: SendOptions): Promise<void> {
    const { config } = this.options;
    return this.switch.deliver(async () => {
      const body = mailBody(message);
      try {
        await this.transporter().sendMail({ from: config.from ?? '', to: config.to, ...body });
      } catch (error) {
        throw failureOfSmtp(error);
      }
    });
  }

  /** Made on first use: constructing it does no I/O, but there is nothing to make while the channel is off. */
  private transporter(): Transporter {
    const { config } = this.options;
    this.transport ??= nodemailer.createTransport({
      host: config.host ?? '',
      port: config.port,
      secure: config.secure,
      auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
      // nodemailer waits minutes by default; a mail server that hangs is down, and the outbox tries again.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return this.transport;
  }
}
