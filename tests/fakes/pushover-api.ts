/**
 * Pushover's message API (https://pushover.net/api): `POST /1/messages.json`, form fields token, user, title,
 * message, priority, url, and a file `attachment` (multipart). A wrong token or user answers 400 with
 * `{ token: 'invalid', status: 0, errors: [...] }`, as Pushover does.
 */
import type { ServerResponse } from 'node:http';
import { PushEndpoint, type RecordedRequest } from './push-endpoint.js';

export interface PushoverMessage {
  fields: Record<string, string>;
  attachment: { filename: string; type: string; bytes: Buffer } | null;
}

export async function readPushover(request: RecordedRequest): Promise<PushoverMessage> {
  const contentType = String(request.headers['content-type'] ?? '');
  const form = await new Response(request.body, { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  let attachment: PushoverMessage['attachment'] = null;
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields[key] = value;
    else attachment = { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields, attachment };
}

export class FakePushoverApi extends PushEndpoint {
  constructor(readonly token: string, readonly user: string) {
    super();
  }

  messages(): Promise<PushoverMessage[]> {
    return Promise.all(this.delivered.map(readPushover));
  }

  protected override async respond(request: RecordedRequest, res: ServerResponse): Promise<boolean> {
    if (request.path !== '/1/messages.json') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 0, errors: ['not found'] }));
      return false;
    }
    const { fields } = await readPushover(request);
    const wrong = fields.token !== this.token ? 'token' : fields.user !== this.user ? 'user' : null;
    if (wrong) {
      const body = { [wrong]: 'invalid', errors: [`${wrong === 'token' ? 'application token' : 'user identifier'} is invalid`], status: 0, request: 'r-bad' };
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return false;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 1, request: `r${this.delivered.length + 1}` }));
    return true;
  }
}
