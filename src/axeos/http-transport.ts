/**
 * MinerTransport over real HTTP (undici). AxeOS runs a single HTTP worker with few sockets, so each miner gets one
 * kept-alive connection and never more than one request at a time.
 */
import { Pool, type Dispatcher } from 'undici';
import { abortError } from '../core/clock.js';
import { ConnectFailure } from './connect-failure.js';
import { TransportFailure, type MinerTransport, type TransportRequest, type TransportResponse } from './transport.js';

export interface HttpTransportOptions {
  /** `http://host[:port][/prefix]`, as `minerBaseUrl()` builds it from the config. */
  baseUrl: string;
  connectTimeoutMs?: number;
  /** The whole request, from sending to the last byte of the answer. */
  requestTimeoutMs?: number;
  /** HTTP basic auth for a miner behind an authenticating proxy (`http://user:password@host` in the config). */
  credentials?: MinerCredentials | null;
}

export interface MinerCredentials {
  username: string;
  password: string;
}

/** An info answer is ~3 kB; anything past this is not a miner talking, and is cut off rather than buffered. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export class HttpTransport implements MinerTransport {
  private readonly pool: Pool;
  private readonly pathPrefix: string;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly authorization: string | null;
  private closed = false;

  constructor(options: HttpTransportOptions) {
    const url = new URL(options.baseUrl);
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 8000;
    const credentials = options.credentials ?? null;
    this.authorization = credentials === null
      ? null
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
    this.pool = new Pool(url.origin, {
      connections: 1,
      pipelining: 1,
      connectTimeout: this.connectTimeoutMs,
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
    });
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const callerSignal = request.signal;
    if (callerSignal?.aborted) throw abortError(callerSignal);
    // undici's own timeouts cover each phase separately; this one bounds the whole exchange.
    const deadline = new AbortController();
    const timeoutMs = Math.min(request.timeoutMs ?? this.requestTimeoutMs, this.requestTimeoutMs);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => deadline.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.pool.request({
        method: request.method,
        path: `${this.pathPrefix}${request.path}`,
        // No `Origin`, ever: AxeOS 2.5+ answers 401 to any Origin that is not a private IPv4 literal.
        headers: this.headersFor(request),
        body: request.body,
        signal: deadline.signal,
      });
      const text = await readAnswer(response.body);
      return { status: response.statusCode, contentType: headerText(response.headers['content-type']), text };
    } catch (error) {
      // The caller's own abort (shutdown, a cancelled command) is not the miner's fault: it stays an AbortError.
      if (callerSignal?.aborted) throw abortError(callerSignal);
      if (timedOut) throw new TransportFailure(`timed out after ${formatDuration(timeoutMs)}`, { cause: error });
      throw this.describeFailure(error);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  private headersFor(request: TransportRequest): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (this.authorization !== null) headers.authorization = this.authorization;
    return headers;
  }

  private describeFailure(error: unknown): Error {
    const code = errorCode(error);
    const cause = { cause: error };
    switch (code) {
      case 'ECONNREFUSED':
        return new ConnectFailure('connection refused', cause);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
        return new ConnectFailure('host not found', cause);
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'EHOSTDOWN':
        return new ConnectFailure('no route to host', cause);
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'ETIMEDOUT':
        return new ConnectFailure(`connect timed out after ${formatDuration(this.connectTimeoutMs)}`, cause);
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
        return new TransportFailure(`timed out after ${formatDuration(this.requestTimeoutMs)}`, cause);
      case 'UND_ERR_SOCKET':
      case 'ECONNRESET':
      case 'EPIPE':
        return new TransportFailure('connection dropped by the miner', cause);
      case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
        return new TransportFailure('answer cut short', cause);
      case 'UND_ERR_ABORTED':
        return new TransportFailure('request aborted', cause);
      case 'UND_ERR_CLOSED':
      case 'UND_ERR_DESTROYED':
        return new TransportFailure('connection pool closed', cause);
      default:
        // undici's HTTPParserError may carry no code at all ("Response does not match the HTTP/1.1 protocol").
        if (code?.startsWith('HPE_') || isParserError(error)) return new TransportFailure('answered something that is not HTTP', cause);
        // Any other system error is still "no usable answer"; a programming error (no code) stays what it is.
        if (code !== undefined) return new TransportFailure(code, cause);
        return error instanceof Error ? error : new Error(String(error));
    }
  }
}

function isParserError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  return error.name === 'HTTPParserError' || isParserError(error.cause, depth + 1);
}

/** Node reports a failed dual-stack connect as an AggregateError whose code may sit on the first inner error. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (cause !== undefined && cause !== error) {
    const inner = errorCode(cause, depth + 1);
    if (inner !== undefined) return inner;
  }
  return Array.isArray(errors) ? errorCode(errors[0], depth + 1) : undefined;
}

async function readAnswer(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    chunks.push(bytes);
    size += bytes.length;
    if (size >= MAX_ANSWER_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerText(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
