/**
 * What both HTTP transports share: their options, the headers a miner is sent (never an `Origin`: AxeOS 2.5+ answers
 * 401 to one that is not a private IPv4 literal), reading an answer without buffering a flood, and one set of words
 * for every way a request can fail. undici (the service) and node:http (a one-shot CLI call) report failures by the
 * same system codes, plus undici's own.
 */
import type { TransportRequest } from './transport.js';
import { TransportFailure } from './transport.js';
import { ConnectFailure } from './connect-failure.js';

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
export const MAX_ANSWER_BYTES = 1024 * 1024;

export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 8000;

/** `Basic …` for a miner behind an authenticating proxy; null without credentials. */
export function basicAuthorization(credentials: MinerCredentials | null | undefined): string | null {
  if (!credentials) return null;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

export function requestHeaders(request: TransportRequest, authorization: string | null): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (authorization !== null) headers.authorization = authorization;
  return headers;
}

/** Why no usable answer came, in a few words, as a ConnectFailure (never reached the device) or a TransportFailure. */
export function describeFailure(error: unknown, timeouts: { connectTimeoutMs: number; requestTimeoutMs: number }): Error {
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
      return new ConnectFailure(`connect timed out after ${formatDuration(timeouts.connectTimeoutMs)}`, cause);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransportFailure(`timed out after ${formatDuration(timeouts.requestTimeoutMs)}`, cause);
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

/** The answer's text, up to MAX_ANSWER_BYTES. */
export async function readAnswer(body: AsyncIterable<unknown>): Promise<string> {
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

export function headerText(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
