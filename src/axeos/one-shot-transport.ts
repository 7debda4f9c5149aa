/**
 * MinerTransport over Node's own http module, for a command that asks a miner twice and exits (`axepilot poll`).
 * Loading undici costs such a call about 0.2 s of its start, measured; the service keeps undici's kept-alive pool
 * (http-transport.ts). Same headers, timeouts and failure words as that one (http-request-parts.ts). A connection per
 * request: AxeOS serves one at a time, and MinerClient never asks twice at once.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { abortError } from '../core/clock.js';
import { ConnectFailure } from './connect-failure.js';
import {
  basicAuthorization, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, describeFailure, formatDuration, headerText, readAnswer,
  requestHeaders, type HttpTransportOptions,
} from './http-request-parts.js';
import { TransportFailure, type MinerTransport, type TransportRequest, type TransportResponse } from './transport.js';

export class OneShotHttpTransport implements MinerTransport {
  private readonly url: URL;
  private readonly timeouts: { connectTimeoutMs: number; requestTimeoutMs: number };
  private readonly authorization: string | null;
  private closed = false;

  constructor(options: HttpTransportOptions) {
    this.url = new URL(options.baseUrl);
    this.timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    };
    this.authorization = basicAuthorization(options.credentials);
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    const callerSignal = request.signal;
    if (callerSignal?.aborted) throw abortError(callerSignal);
    if (this.closed) throw new TransportFailure('connection pool closed');
    const timeoutMs = Math.min(request.timeoutMs ?? this.timeouts.requestTimeoutMs, this.timeouts.requestTimeoutMs);
    const deadline = new AbortController();
    let timedOut: 'connect' | 'request' | null = null;
    const timer = setTimeout(() => {
      timedOut = 'request';
      deadline.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => deadline.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.send(request, deadline, () => (timedOut = 'connect'));
      const text = await readAnswer(response);
      return { status: response.statusCode ?? 0, contentType: headerText(response.headers['content-type']), text };
    } catch (error) {
      if (callerSignal?.aborted) throw abortError(callerSignal);
      if (timedOut === 'connect') {
        throw new ConnectFailure(`connect timed out after ${formatDuration(this.timeouts.connectTimeoutMs)}`, { cause: error });
      }
      if (timedOut === 'request') throw new TransportFailure(`timed out after ${formatDuration(timeoutMs)}`, { cause: error });
      throw describeFailure(error, this.timeouts);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Resolves with the answer's head; the connect timeout aborts a connection that never opens. */
  private send(request: TransportRequest, deadline: AbortController, onConnectTimeout: () => void): Promise<IncomingMessage> {
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const prefix = this.url.pathname.replace(/\/+$/, '');
    return new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(this.url.origin + prefix + request.path, {
        method: request.method,
        headers: requestHeaders(request, this.authorization),
        signal: deadline.signal,
        agent: false,
      }, resolve);
      outgoing.on('error', reject);
      outgoing.on('close', () => clearTimeout(connectTimer));
      const connectTimer = setTimeout(() => {
        onConnectTimeout();
        deadline.abort();
      }, this.timeouts.connectTimeoutMs);
      outgoing.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      outgoing.end(request.body);
    });
  }
}
