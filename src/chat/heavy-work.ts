import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DigestNumbers } from '../alerts/digest/digest.js';
import type { Config } from '../config/schema.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { Store } from '../store/store.js';
import type { WrittenExport } from './csv-export.js';
import { inlineHeavyWork, type ChartJob, type ChartResult, type DigestJob, type ExportJob, type HeavyJob, type HeavyWork } from './heavy-work-jobs.js';
import type { HeavyRequest, HeavyResponse } from './heavy-work-thread.js';

/**
 * The thread loads TypeScript the way `bin/axepilot.js` does (tsx's loader), whatever started the main thread.
 * Plain CommonJS, evaluated in the new thread.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** tsx's ESM entry (the `import` condition), the same `bin/axepilot.js` registers. */
function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // Where import.meta.resolve is missing (a test runner's transform), Node's resolver for the ESM file.
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  }
}

/** The thread ended (or never started) with the job unanswered: the job runs inline instead. */
class ThreadGoneError extends Error {}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Fleet charts over days, the digest and exports read hundreds of thousands of rows for seconds: here they run in
 * a worker thread with its own read-only connection, so polls, alerts and other commands never wait for them. When the
 * thread cannot run (an in-memory database, a thread that died) the same jobs run inline.
 */
export class HeavyWorkThread implements Service, HeavyWork {
  readonly name = 'heavy work';
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Until the thread has loaded its modules (seconds on a small board), jobs run inline rather than wait. */
  private ready = false;
  private readyWaiters: Array<(ready: boolean) => void> = [];
  private readonly inline: HeavyWork;
  /** Jobs the thread answered (not the inline fallback): for tests and the log. */
  answeredInThread = 0;

  constructor(private readonly options: { store: Store; config: Config; path: string; pollIntervalMs: number; log: Logger }) {
    this.inline = inlineHeavyWork(options.store, options.config);
  }

  start(): Promise<void> {
    if (this.options.path === ':memory:') return Promise.resolve();
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        path: this.options.path, pollIntervalMs: this.options.pollIntervalMs, config: this.options.config,
        tsxApi: tsxApiUrl(),
        entry: new URL('./heavy-work-thread.ts', import.meta.url).href,
      },
    });
    worker.on('message', (message: HeavyResponse | 'ready') => this.settle(message));
    worker.on('error', (error) => {
      this.options.log.error({ err: errorMessage(error) }, 'the heavy-work thread failed; charts and digests run inline');
      this.abandon(worker, new ThreadGoneError(errorMessage(error)));
    });
    worker.on('exit', () => this.abandon(worker, new ThreadGoneError('the heavy-work thread stopped')));
    // It must not keep the process alive on its own; stop() ends it.
    worker.unref();
    this.worker = worker;
    return Promise.resolve();
  }

  /** Resolves true once the thread takes jobs, false if it cannot run (jobs then run inline): for tests and benches. */
  whenReady(): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (!this.worker) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  async chart(input: ChartJob): Promise<ChartResult> {
    if (!this.worker || !this.ready) return this.inline.chart(input);
    try {
      const { png, title } = (await this.request({ kind: 'chart', input })) as { png: Uint8Array; title: string };
      // A structured clone of a Buffer arrives as a plain Uint8Array.
      return { png: Buffer.from(png.buffer, png.byteOffset, png.byteLength), title };
    } catch (error) {
      if (error instanceof ThreadGoneError) return this.inline.chart(input);
      throw error;
    }
  }

  async digestNumbers(input: DigestJob): Promise<DigestNumbers> {
    if (!this.worker || !this.ready) return this.inline.digestNumbers(input);
    try {
      return (await this.request({ kind: 'digest', input })) as DigestNumbers;
    } catch (error) {
      if (error instanceof ThreadGoneError) return this.inline.digestNumbers(input);
      throw error;
    }
  }

  async exportFile(input: ExportJob): Promise<WrittenExport> {
    if (!this.worker || !this.ready) return this.inline.exportFile(input);
    try {
      return (await this.request({ kind: 'export', input })) as WrittenExport;
    } catch (error) {
      if (error instanceof ThreadGoneError) return this.inline.exportFile(input);
      throw error;
    }
  }

  private request(job: HeavyJob): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new ThreadGoneError('the heavy-work thread is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, job } satisfies HeavyRequest);
    });
  }

  private settle(message: HeavyResponse | 'ready'): void {
    if (message === 'ready') {
      this.ready = true;
      for (const wake of this.readyWaiters.splice(0)) wake(true);
      this.options.log.debug('heavy-work thread ready');
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    this.answeredInThread++;
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.message));
  }

  private abandon(worker: Worker, error: Error): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = false;
      for (const wake of this.readyWaiters.splice(0)) wake(false);
    }
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
