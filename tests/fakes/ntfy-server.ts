/**
 * An ntfy-like server (https://docs.ntfy.sh/publish/): `PUT/POST /<topic>` with the message in the body, or, with a
 * `Filename` header, the body as an attachment and the message in the `Message` header. Title/Message headers may be
 * RFC 2047 encoded (`=?UTF-8?B?…?=`), as ntfy decodes them. A server without an attachment cache answers 400 with
 * code 40014 ("attachments not allowed"), which `attachments: false` imitates.
 */
import type { ServerResponse } from 'node:http';
import { PushEndpoint, type RecordedRequest } from './push-endpoint.js';

export interface NtfyPublish {
  topic: string;
  title: string | null;
  message: string;
  priority: number | null;
  tags: string[];
  click: string | null;
  authorization: string | null;
  attachment: { filename: string; bytes: Buffer } | null;
}

function header(request: RecordedRequest, name: string): string | null {
  const value = request.headers[`x-${name}`] ?? request.headers[name];
  return typeof value === 'string' ? decodeWord(value) : null;
}

/** RFC 2047 `=?UTF-8?B?…?=` (and `?Q?`), the way ntfy reads non-ASCII header values. */
export function decodeWord(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

export function readPublish(request: RecordedRequest): NtfyPublish {
  const filename = header(request, 'filename');
  const priority = header(request, 'priority');
  return {
    topic: request.path.replace(/^\//, '').split('?')[0] ?? '',
    title: header(request, 'title'),
    // In a header, ntfy reads the two characters `\n` as a line break.
    message: filename ? (header(request, 'message') ?? '').replace(/\\n/g, '\n') : request.body.toString('utf8'),
    priority: priority === null ? null : Number(priority),
    tags: (header(request, 'tags') ?? '').split(',').map((tag) => tag.trim()).filter(Boolean),
    click: header(request, 'click'),
    authorization: typeof request.headers.authorization === 'string' ? request.headers.authorization : null,
    attachment: filename ? { filename, bytes: request.body } : null,
  };
}

export class FakeNtfyServer extends PushEndpoint {
  /** Whether the server keeps attachments (ntfy.sh does; a self-hosted one needs `attachment-cache-dir`). */
  attachments = true;

  /** What reached the server as a published message. */
  get published(): NtfyPublish[] {
    return this.delivered.map(readPublish);
  }

  protected override respond(request: RecordedRequest, res: ServerResponse): boolean {
    const publish = readPublish(request);
    if (request.method !== 'PUT' && request.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 40501, http: 405, error: 'method not allowed' }));
      return false;
    }
    if (publish.attachment && !this.attachments) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 40014, http: 400, error: 'invalid request: attachments not allowed' }));
      return false;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `m${this.delivered.length + 1}`, event: 'message', topic: publish.topic, message: publish.message }));
    return true;
  }
}
