/**
 * A Gotify server's `POST /message` (https://gotify.net/api-docs): the application token in `X-Gotify-Key`, a JSON
 * body { title, message, priority, extras }. A wrong token answers 401 as Gotify does.
 */
import type { ServerResponse } from 'node:http';
import { jsonOf, PushEndpoint, type RecordedRequest } from './push-endpoint.js';

export class FakeGotifyServer extends PushEndpoint {
  constructor(readonly token: string) {
    super();
  }

  get messages(): Array<Record<string, unknown>> {
    return this.delivered.map(jsonOf);
  }

  protected override respond(request: RecordedRequest, res: ServerResponse): boolean {
    if (request.path !== '/message' || request.headers['x-gotify-key'] !== this.token) {
      const status = request.path === '/message' ? 401 : 404;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: status === 401 ? 'Unauthorized' : 'Not Found', errorCode: status }));
      return false;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: this.delivered.length + 1, ...jsonOf(request) }));
    return true;
  }
}
