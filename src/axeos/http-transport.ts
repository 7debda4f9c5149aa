/**
 * MinerTransport over real HTTP (undici). AxeOS runs a single HTTP worker with few sockets, so each miner gets one
 * kept-alive connection and never more than one request at a time.
 */
import { Pool } from 'undici';
import { abortError } from '../core/clock.js';
import {
  basicAuthorization, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, describeFailure, formatDuration, headerText, readAnswer,
  requestHeaders, type HttpTransportOptions,
} from './http-request-parts.js';
import { TransportFailure, type MinerTransport, type TransportRequest, type TransportResponse } from './transport.js';

export type { HttpTransportOptions, MinerCredentials } from './http-request-parts.js';

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
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.authorization = basicAuthorization(options.credentials);
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
        headers: requestHeaders(request, this.authorization),
        body: request.body,
        signal: deadline.signal,
      });
      const text = await readAnswer(response.body);
      return { status: response.statusCode, contentType: headerText(response.headers['content-type']), text };
    } catch (error) {
      // The caller's own abort (shutdown, a cancelled command) is not the miner's fault: it stays an AbortError.
      if (callerSignal?.aborted) throw abortError(callerSignal);
      if (timedOut) throw new TransportFailure(`timed out after ${formatDuration(timeoutMs)}`, { cause: error });
      throw describeFailure(error, { connectTimeoutMs: this.connectTimeoutMs, requestTimeoutMs: this.requestTimeoutMs });
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
}
