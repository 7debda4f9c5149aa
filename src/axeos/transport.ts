/**
 * How the miner client reaches a device. Production speaks HTTP (undici); the benchmark evaluation and soak runs call
 * a simulated device in-process so a virtual clock can drive hours of device time in seconds.
 */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** JSON body, already serialized. */
  body?: string;
  signal?: AbortSignal;
  /** A shorter deadline than the transport's own, for the probes of a miner that is away. */
  timeoutMs?: number;
}

export interface TransportResponse {
  status: number;
  contentType: string | null;
  text: string;
}

export interface MinerTransport {
  /** Rejects with a TransportFailure when no answer came (refused, timeout, DNS, reset). */
  request(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

/** No HTTP answer at all; `detail` says why in a few words ("connection refused", "timeout after 5 s"). */
export class TransportFailure extends Error {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'TransportFailure';
  }
}
