/**
 * Inside the heavy-work thread: opens the database read-only (WAL lets it read while the service writes) and runs
 * chart and digest jobs there, so the service's event loop keeps polling, alerting and answering meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { Config } from '../config/schema.js';
import { errorMessage } from '../core/errors.js';
import { Store } from '../store/store.js';
import { runChartJob, runDigestJob, runExportJob, type HeavyJob } from './heavy-work-jobs.js';

export interface HeavyThreadData {
  path: string;
  pollIntervalMs: number;
  config: Config;
}

export interface HeavyRequest {
  id: number;
  job: HeavyJob;
}

export type HeavyResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

const data = workerData as HeavyThreadData & { entry: string; tsxApi: string };
const db = new BetterSqlite3(data.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const store = new Store(db, { pollIntervalMs: data.pollIntervalMs });

async function run(job: HeavyJob): Promise<unknown> {
  if (job.kind === 'chart') return runChartJob(store, data.config, job.input);
  if (job.kind === 'export') return runExportJob(store, job.input);
  return runDigestJob(store, data.config, job.input);
}

const port = parentPort;
port?.on('message', (request: HeavyRequest) => {
  run(request.job).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies HeavyResponse),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, message: errorMessage(error) } satisfies HeavyResponse),
  );
});
port?.postMessage('ready');
