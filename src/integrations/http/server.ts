/**
 * axepilot's one HTTP listener (off by default): `/healthz` for orchestrators and uptime monitors, `/metrics` for
 * Prometheus, `/sd/miners` for Prometheus service discovery. It reads what axepilot already knows and never asks a
 * miner; it listens on 127.0.0.1 unless the owner says otherwise, and can demand a bearer token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { AxepilotMetrics } from '../prometheus/metrics.js';
import type { WatchedMiners } from '../watched-miners.js';
import type { HealthSource } from './health.js';
import { minerTargets } from './service-discovery.js';

export interface HttpEndpointOptions {
  /** `host:port`; port 0 picks a free one (tests). */
  listen: string;
  token: string | null;
  health: HealthSource;
  metrics: AxepilotMetrics;
  miners: WatchedMiners;
  log: Logger;
}

export function parseListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(listen.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`"${listen}" is not host:port`);
  return { host, port };
}

const LANDING = `axepilot\n\n/healthz     service health (JSON; 503 when unhealthy)\n/metrics     Prometheus metrics\n/sd/miners   Prometheus HTTP service discovery of the miners\n`;

export class HttpEndpoint implements Service {
  readonly name = 'http endpoint';
  private server: Server | null = null;
  private readonly tokenDigest: Buffer | null;

  constructor(private readonly options: HttpEndpointOptions) {
    this.tokenDigest = options.token ? digest(options.token) : null;
  }

  /** Where it listens (after start), e.g. `http://127.0.0.1:9321`. */
  get url(): string | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return null;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async start(): Promise<void> {
    const { host, port } = parseListen(this.options.listen);
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.options.log.error({ err: errorMessage(error), path: request.url }, 'http request failed');
        if (!response.headersSent) send(response, 500, 'text/plain', 'internal error\n');
        else response.destroy();
      });
    });
    // A scrape is one request; keep-alive sockets would hold stop() for their idle timeout.
    server.keepAliveTimeout = 5_000;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      // The rest of axepilot is still useful without its HTTP endpoint: say what to change and carry on.
      this.options.log.error(
        { listen: this.options.listen, err: errorMessage(error) },
        'cannot open the HTTP endpoint (is another program on that port?); set http.listen to a free host:port',
      );
      return;
    }
    server.on('error', (error) => this.options.log.error({ err: errorMessage(error) }, 'http endpoint error'));
    this.server = server;
    this.options.log.info({ url: this.url, token: this.tokenDigest ? '[REDACTED]' : null }, 'http endpoint listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.authorized(request)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="axepilot"');
      send(response, 401, 'text/plain', 'a bearer token is needed (http.token)\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      send(response, 405, 'text/plain', 'only GET\n');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://axepilot').pathname;
    switch (path) {
      case '/healthz': {
        const report = this.options.health.report();
        send(response, report.healthy ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
        return;
      }
      case '/metrics':
        send(response, 200, this.options.metrics.contentType, await this.options.metrics.render());
        return;
      case '/sd/miners':
        send(response, 200, 'application/json', `${JSON.stringify(minerTargets(this.options.miners.list()))}\n`);
        return;
      case '/':
        send(response, 200, 'text/plain', LANDING);
        return;
      default:
        send(response, 404, 'text/plain', 'not found; try /healthz, /metrics or /sd/miners\n');
    }
  }

  private authorized(request: IncomingMessage): boolean {
    if (!this.tokenDigest) return true;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Digests of equal length, so the comparison takes the same time whatever the guess.
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType.includes('charset') ? contentType : `${contentType}; charset=utf-8`, 'Cache-Control': 'no-store' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
