/**
 * A local HTTP endpoint for the notification channels' tests (ntfy, webhook, Pushover, Gotify all take one request
 * per message). It records every request, answers what the test planned (429 with Retry-After, 500, 401/403/404),
 * and can go down and come back on the same port, as a server behind a rebooting router does. 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './multipart.js';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/alerts` or `/message?token=…`. */
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface PlannedAnswer {
  status: number;
  /** Seconds, sent as `Retry-After` (with 429). */
  retryAfter?: number;
  body?: string;
}

export class PushEndpoint {
  readonly requests: RecordedRequest[] = [];
  /** Requests answered 2xx: what "arrived". */
  readonly delivered: RecordedRequest[] = [];
  private readonly plan: PlannedAnswer[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private refusing: number | null = null;

  /** Answers a request that the plan does not fail; returns whether the message was taken (it "arrived"). */
  protected respond(_request: RecordedRequest, res: ServerResponse): boolean | Promise<boolean> {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    return true;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on a free port the first time, and on the same port again after `down()`. */
  async up(): Promise<this> {
    if (this.server) return this;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening: connections are refused until `up()`. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next requests get these answers, one each, in order. */
  answer(...answers: PlannedAnswer[]): void {
    this.plan.push(...answers);
  }

  /** Every request from now on gets this answer (a revoked token); null ends it. */
  refuseAll(status: number | null): void {
    this.refusing = status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: await readBody(req) };
    this.requests.push(request);
    const planned = this.plan.shift() ?? (this.refusing === null ? null : { status: this.refusing });
    if (planned) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (planned.retryAfter !== undefined) headers['retry-after'] = String(planned.retryAfter);
      res.writeHead(planned.status, headers).end(planned.body ?? JSON.stringify({ code: planned.status, error: `planned ${planned.status}` }));
      return;
    }
    if (await this.respond(request, res)) this.delivered.push(request);
  }
}

export function jsonOf(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
}
