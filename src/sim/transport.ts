import { abortError, type Clock } from '../core/clock.js';
import { TransportFailure, type MinerTransport, type TransportRequest, type TransportResponse } from '../axeos/transport.js';

/** The part of a simulated device a transport needs (SimulatedMiner has it). */
export interface SimHandler {
  /** A SimulatedMiner's own clock; used when the options name none. */
  readonly clock?: Clock;
  handle(request: { method: string; path: string; body?: string }): Promise<
    { kind: 'answer'; status: number; contentType: string; body: string; delayMs?: number } | { kind: 'no-answer' }
  >;
}

export interface SimTransportOptions {
  device: SimHandler;
  /** The clock a late answer waits on; by default the device's, so a slow device is slow in virtual time too. */
  clock?: Clock;
  /** Give up on an answer that takes longer than this (ms), as an HTTP client's timeout would. */
  timeoutMs?: number;
}

/**
 * A MinerTransport that calls a simulated device in-process: no sockets, so a virtual clock can drive hours of device
 * time in seconds. No answer → TransportFailure('connection refused'); a late answer waits on the clock and times out
 * on it like a real client.
 */
export class SimTransport implements MinerTransport {
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly options: SimTransportOptions) {
    const clock = options.clock ?? options.device.clock;
    if (!clock) throw new TypeError('SimTransport needs a clock: pass one, or a device that has one');
    this.clock = clock;
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (this.closed) throw new TransportFailure('transport closed');
    if (request.signal?.aborted) throw abortError(request.signal);
    const answer = await this.options.device.handle({
      method: request.method,
      path: request.path,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    if (request.signal?.aborted) throw abortError(request.signal);
    if (answer.kind === 'no-answer') throw new TransportFailure('connection refused');
    const delayMs = answer.delayMs ?? 0;
    const { timeoutMs } = this.options;
    if (timeoutMs !== undefined && delayMs > timeoutMs) {
      await this.clock.sleep(timeoutMs, request.signal);
      throw new TransportFailure(`timeout after ${timeoutMs} ms`);
    }
    if (delayMs > 0) await this.clock.sleep(delayMs, request.signal);
    return { status: answer.status, contentType: answer.contentType, text: answer.body };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
