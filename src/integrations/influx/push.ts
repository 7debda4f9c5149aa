/**
 * Pushes telemetry as line protocol once per interval (one POST for the whole fleet), to InfluxDB 2/3
 * (`/api/v2/write?org&bucket`), or InfluxDB 1, VictoriaMetrics and Telegraf (`/write?db`). While the server is down,
 * lines wait in a bounded buffer; beyond it the oldest are dropped and counted, so memory stays bounded on a long
 * outage and the newest data arrives first when the server is back.
 */
import { isAbortError, type Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { Config } from '../../config/schema.js';
import type { WatchedMiners } from '../watched-miners.js';
import { minerLine } from './line-protocol.js';

export interface InfluxPushOptions {
  config: Config['export']['influx'];
  miners: WatchedMiners;
  clock: Clock;
  log: Logger;
  /** Lines per POST (InfluxDB suggests 5,000). */
  batchLines?: number;
  requestTimeoutMs?: number;
}

export class InfluxPush implements Service {
  readonly name = 'influx push';
  private buffer: string[] = [];
  private readonly lastPushedTs = new Map<string, number>();
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  /** Lines dropped because the buffer was full, since start. */
  dropped = 0;
  /** Lines the server accepted, since start. */
  written = 0;

  constructor(private readonly options: InfluxPushOptions) {}

  get buffered(): number {
    return this.buffer.length;
  }

  writeUrl(): string {
    const { url, org, bucket, db } = this.options.config;
    const base = (url ?? '').replace(/\/+$/, '');
    if (bucket !== null) {
      const query = new URLSearchParams({ ...(org === null ? {} : { org }), bucket, precision: 's' });
      return `${base}/api/v2/write?${query.toString()}`;
    }
    return `${base}/write?${new URLSearchParams({ db: db ?? '', precision: 's' }).toString()}`;
  }

  start(): Promise<void> {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(this.options.config.intervalSeconds * 1000, signal);
        await this.pushOnce(signal);
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.error({ err: errorMessage(error) }, 'InfluxDB push stopped');
    });
    this.options.log.info({ url: this.writeUrl().replace(/\?.*/, '') }, 'pushing telemetry to InfluxDB');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** Takes each miner's poll newer than the last one pushed into the buffer. */
  collect(): void {
    for (const miner of this.options.miners.list()) {
      const ts = miner.telemetry?.ts;
      if (ts === undefined || this.lastPushedTs.get(miner.key) === ts) continue;
      const line = minerLine(miner);
      if (line === null) continue;
      this.lastPushedTs.set(miner.key, ts);
      this.buffer.push(line);
    }
    const max = this.options.config.maxBufferedLines;
    if (this.buffer.length > max) {
      const over = this.buffer.length - max;
      this.buffer.splice(0, over);
      this.dropped += over;
      this.options.log.warn({ dropped: over, droppedTotal: this.dropped, kept: max },
        'InfluxDB is not taking data: dropped the oldest lines (export.influx.maxBufferedLines)');
    }
  }

  /** One interval's work: collect, then send what is buffered. Public for tests and benches. */
  async pushOnce(signal?: AbortSignal): Promise<void> {
    this.collect();
    const batchLines = this.options.batchLines ?? 5_000;
    while (this.buffer.length > 0 && !signal?.aborted) {
      const batch = this.buffer.slice(0, batchLines);
      const outcome = await this.post(batch, signal);
      if (outcome === 'retry') return;
      // Sent, or refused as malformed (sending it again would be refused again): either way it leaves the buffer.
      this.buffer.splice(0, batch.length);
      if (outcome === 'ok') this.written += batch.length;
    }
  }

  private async post(lines: readonly string[], signal?: AbortSignal): Promise<'ok' | 'refused' | 'retry'> {
    const { token, bucket } = this.options.config;
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (token) headers.Authorization = `${bucket !== null ? 'Token' : 'Bearer'} ${token}`;
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    try {
      const response = await fetch(this.writeUrl(), {
        method: 'POST', headers, body: `${lines.join('\n')}\n`, signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const text = await response.text();
      if (response.ok) return 'ok';
      if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 401 && response.status !== 403) {
        this.options.log.error({ status: response.status, body: text.slice(0, 300), lines: lines.length }, 'InfluxDB refused the lines; dropped them');
        return 'refused';
      }
      this.options.log.warn({ status: response.status, body: text.slice(0, 300) }, 'InfluxDB write failed; keeping the lines for the next try');
      return 'retry';
    } catch (error) {
      if (signal?.aborted) return 'retry';
      this.options.log.warn({ err: errorMessage(error) }, 'InfluxDB unreachable; keeping the lines for the next try');
      return 'retry';
    }
  }
}
