import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbortError } from '../core/clock.js';
import { handleSimControl } from './control.js';
import type { SimulatedMiner } from './device.js';

export interface SimServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Serves one simulated device over real HTTP (node:http), plus the `/__sim/*` control routes. A device that gives no
 * answer gets its socket destroyed, as a miner that fell off the Wi-Fi would; a slow one answers after the delay on
 * the device's clock.
 */
export async function startSimServer(options: { device: SimulatedMiner; port?: number; host?: string }): Promise<SimServer> {
  const { device } = options;
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (path.startsWith('/__sim/')) {
      const answer = handleSimControl(device, { method, path, body });
      send(res, answer.status, 'application/json', answer.body);
      return;
    }
    const answer = await device.handle({ method, path, ...(body === '' ? {} : { body }) });
    if (answer.kind === 'no-answer') {
      req.socket.destroy();
      return;
    }
    if (answer.delayMs !== undefined && answer.delayMs > 0) await device.clock.sleep(answer.delayMs, closing.signal);
    send(res, answer.status, answer.contentType, answer.body);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // Shutting down mid-delay, or the client went away: there is nobody left to answer.
      if (isAbortError(error) || res.destroyed) {
        req.socket.destroy();
        return;
      }
      send(res, 500, 'text/plain', `simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until their idle timeout.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
