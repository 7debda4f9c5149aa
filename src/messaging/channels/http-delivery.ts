import { fetch, type BodyInit } from 'undici';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { redactSecrets } from '../../core/redact.js';
import { MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../errors.js';

/**
 * One HTTP call of a notification channel (ntfy, webhook, Pushover, Gotify), its answer turned into the messaging
 * error vocabulary, so the outbox acts on the kind of failure:
 * - 429 and 5xx, a refused connection, a timeout: transient, with the server's `Retry-After` when it sent one;
 * - 401, 403, 404: the credentials or the address are wrong, and every further message would fail the same way, so
 *   the channel turns itself off (`turnedOff`) and its messages wait for the owner to fix the config;
 * - any other 4xx: this one message is refused (too large, malformed); the next one may pass.
 */

export interface ChannelRequest {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: BodyInit;
}

export interface ChannelAnswer {
  status: number;
  text: string;
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMs: number | null;
}

/** The whole exchange, connect to last byte: a channel that hangs is a channel that is down. */
const REQUEST_TIMEOUT_MS = 15_000;
/** An error body is read for the log line, never whole. */
const ANSWER_EXCERPT_CHARS = 300;

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The failure an HTTP status means for a channel; null for a success. */
export function failureOfStatus(channel: string, answer: ChannelAnswer): Error | null {
  const { status } = answer;
  if (status >= 200 && status < 300) return null;
  const detail = `${channel} answered ${status}${answer.text ? `: ${answer.text.slice(0, ANSWER_EXCERPT_CHARS)}` : ''}`;
  if (status === 401 || status === 403 || status === 404) {
    return new PlatformUnavailableError(`${detail} (check its URL and credentials in notify.${channel})`, { turnedOff: true });
  }
  if (status === 429 || status >= 500 || status === 408) return new TransientDeliveryError(detail, { retryAfterMs: answer.retryAfterMs });
  return new MessageRefusedError(detail);
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause. */
function networkFailure(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? errorMessage(error) : `${errorMessage(error)}: ${errorMessage(cause)}`;
}

/**
 * Sends the request once and reads the answer, whatever its status; only a network failure throws (transient). Never
 * retries: the outbox does, honouring `retryAfterMs`.
 */
export async function exchange(channel: string, request: ChannelRequest, options: { clock: Clock; signal?: AbortSignal }): Promise<ChannelAnswer> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    const text = await response.text();
    return { status: response.status, text, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), options.clock.now()) };
  } catch (error) {
    // A URL with user:password or ?token= in it must not reach the log through the error's text.
    throw new TransientDeliveryError(`${channel} unreachable (${redactSecrets(networkFailure(error))})`, { cause: error });
  }
}

