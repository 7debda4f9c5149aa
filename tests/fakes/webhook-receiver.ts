/**
 * A webhook receiver like an n8n/Node-RED flow that checks the sender: it recomputes the HMAC-SHA256 of the raw body
 * with the shared secret and compares it with `X-Axepilot-Signature: sha256=<hex>` in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { jsonOf, PushEndpoint, type RecordedRequest } from './push-endpoint.js';

export interface ReceivedHook {
  body: Record<string, unknown>;
  /** The signature header matched the body; false when missing or wrong. */
  signatureValid: boolean;
}

export function signatureMatches(request: RecordedRequest, secret: string): boolean {
  const header = request.headers['x-axepilot-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(request.body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class FakeWebhookReceiver extends PushEndpoint {
  constructor(private readonly secret: string) {
    super();
  }

  get received(): ReceivedHook[] {
    return this.requests.map((request) => ({ body: jsonOf(request), signatureValid: signatureMatches(request, this.secret) }));
  }

  /** Only the hooks whose signature held: what a checking flow acts on. */
  get accepted(): Array<Record<string, unknown>> {
    return this.delivered.map(jsonOf);
  }

  protected override respond(request: RecordedRequest, res: ServerResponse): boolean {
    // Like a flow that checks the signature first: a forged or unsigned body is refused, not processed.
    if (!signatureMatches(request, this.secret)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature');
      return false;
    }
    res.writeHead(204).end();
    return true;
  }
}
