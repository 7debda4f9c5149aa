/**
 * A local SMTP server (the `smtp-server` package, on 127.0.0.1) that keeps every mail it accepts, parsed just enough
 * for a test: the envelope, the decoded subject, the HTML and text parts, and the attachments (inline or not) with
 * their bytes. It can refuse logins (535, as a server does for a wrong password) and go down and come back on the
 * same port. STARTTLS is off: the test talks plain SMTP on loopback.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { decodeWord } from './ntfy-server.js';

export interface MailPart {
  contentType: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  html: string | null;
  text: string | null;
  /** Every non-text part: the chart PNG with its Content-ID when inline. */
  attachments: Array<{ contentType: string; filename: string | null; contentId: string | null; bytes: Buffer }>;
  raw: string;
}

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace (RFC 5322 §2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    default:
      return Buffer.from(body, 'utf8');
  }
}

function parameter(header: string | undefined, name: string): string | null {
  const match = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header ?? '');
  return match?.[1] ?? null;
}

/** The leaf parts of a MIME entity, depth first. */
function leafParts(text: string): MailPart[] {
  const { headers, body } = splitHeaders(text);
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = parameter(contentType, 'boundary');
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    const pieces = body.split(`--${boundary}`).slice(1);
    return pieces.filter((piece) => !piece.startsWith('--')).flatMap((piece) => leafParts(piece.replace(/^\r?\n/, '')));
  }
  return [{ contentType: contentType.split(';')[0]?.trim().toLowerCase() ?? '', headers, body: decodeBody(body, headers['content-transfer-encoding']) }];
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const { headers } = splitHeaders(raw);
  const parts = leafParts(raw);
  const textOf = (type: string): string | null => parts.find((part) => part.contentType === type)?.body.toString('utf8') ?? null;
  return {
    ...envelope,
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    subject: decodeWord((headers.subject ?? '').replace(/\?=\s+=\?/g, '?==?')),
    headers,
    html: textOf('text/html'),
    text: textOf('text/plain'),
    attachments: parts
      .filter((part) => !part.contentType.startsWith('text/'))
      .map((part) => ({
        contentType: part.contentType,
        filename: parameter(part.headers['content-disposition'], 'filename') ?? parameter(part.headers['content-type'], 'name'),
        contentId: part.headers['content-id']?.replace(/^<|>$/g, '') ?? null,
        bytes: part.body,
      })),
    raw,
  };
}

export class FakeSmtpInbox {
  readonly mails: ReceivedMail[] = [];
  /** Logins tried, accepted or not. */
  readonly logins: Array<{ username: string; password: string }> = [];
  /** Every login from now on gets 535 (the password was changed on the server). */
  refuseLogins = false;
  private server: SMTPServer | null = null;
  private port = 0;

  /** Accepts only this login when set; any other gets 535 (no login at all is also accepted when null). */
  constructor(private readonly account: { username: string; password: string } | null = null) {}

  get host(): string {
    return '127.0.0.1';
  }

  get smtpPort(): number {
    return this.port;
  }

  async up(): Promise<this> {
    if (this.server) return this;
    const options: SMTPServerOptions = {
      disabledCommands: ['STARTTLS'],
      authOptional: this.account === null,
      allowInsecureAuth: true,
      logger: false,
      closeTimeout: 200,
      onAuth: (auth, _session, callback) => {
        this.logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
        if (!this.refuseLogins && this.account && auth.username === this.account.username && auth.password === this.account.password) {
          callback(null, { user: auth.username });
          return;
        }
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          };
          this.mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
          callback();
        });
      },
    };
    const server = new SMTPServer(options);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
