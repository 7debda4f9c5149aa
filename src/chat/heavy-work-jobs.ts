/**
 * The long reads a chat command or the digest needs, as plain data: the same job runs in the heavy-work thread (its
 * own read connection) or, when that thread is not available, right here.
 */
import { AlertHistory } from '../alerts/delivery/alert-history.js';
import { computeDigest, type DigestMiner, type DigestNumbers } from '../alerts/digest/digest.js';
import { renderTimeChart } from '../charts/render.js';
import type { Config } from '../config/schema.js';
import { silentLogger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { writeExportFile, type ExportMiner, type WrittenExport } from './csv-export.js';
import { buildMetricChart, type ChartedMiner, type ChartMetric } from './metric-chart.js';

export interface ChartJob {
  metric: ChartMetric;
  miners: ChartedMiner[];
  fleet: boolean;
  rangeLabel: string;
  fromMs: number;
  toMs: number;
}

export interface DigestJob {
  miners: DigestMiner[];
  now: number;
}

export interface ExportJob {
  miners: ExportMiner[];
  fromMs: number;
  toMs: number;
  timezone: string;
  folder: string;
  filename: string;
  gzip: boolean;
}

export type HeavyJob = { kind: 'chart'; input: ChartJob } | { kind: 'digest'; input: DigestJob } | { kind: 'export'; input: ExportJob };

export interface ChartResult {
  png: Buffer;
  title: string;
}

/** What commands and the digest call; the thread and the inline fallback both provide it. */
export interface HeavyWork {
  chart(input: ChartJob): Promise<ChartResult>;
  digestNumbers(input: DigestJob): Promise<DigestNumbers>;
  /** Writes the CSV (gzipped when asked) to a file in `folder`, streaming. */
  exportFile(input: ExportJob): Promise<WrittenExport>;
}

export async function runChartJob(store: Store, config: Config, input: ChartJob): Promise<ChartResult> {
  const spec = buildMetricChart({ store, config, ...input });
  return { png: await renderTimeChart(spec), title: spec.title };
}

export function runDigestJob(store: Store, config: Config, input: DigestJob): DigestNumbers {
  return computeDigest({ store, config, history: new AlertHistory(store, silentLogger()), miners: input.miners, now: input.now });
}

export function runExportJob(store: Store, input: ExportJob): Promise<WrittenExport> {
  return writeExportFile({ store, ...input });
}

/** The jobs on the event loop: for an in-memory database (a second connection cannot see it) and as a fallback. */
export function inlineHeavyWork(store: Store, config: Config): HeavyWork {
  return {
    chart: (input) => runChartJob(store, config, input),
    digestNumbers: (input) => Promise.resolve(runDigestJob(store, config, input)),
    exportFile: (input) => runExportJob(store, input),
  };
}
