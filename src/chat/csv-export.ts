import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { yieldToEventLoop } from '../core/yield.js';
import type { SampleRow } from '../store/samples.js';
import type { Store } from '../store/store.js';
import { isoInZoneFormatter } from './format.js';

/** Units live in the header names so a spreadsheet needs no legend. */
const COLUMNS: Array<[string, keyof SampleRow]> = [
  ['hashrate_ghs', 'hashrateGhs'],
  ['expected_hashrate_ghs', 'expectedHashrateGhs'],
  ['chip_temp_c', 'chipTempC'],
  ['vr_temp_c', 'vrTempC'],
  ['power_w', 'powerW'],
  ['input_voltage_v', 'inputVoltageV'],
  ['core_voltage_mv', 'coreVoltageMv'],
  ['core_voltage_actual_mv', 'coreVoltageActualMv'],
  ['frequency_mhz', 'frequencyMhz'],
  ['fan_pct', 'fanPct'],
  ['fan_rpm', 'fanRpm'],
  ['error_pct', 'errorPct'],
  ['shares_accepted', 'sharesAccepted'],
  ['shares_rejected', 'sharesRejected'],
  ['best_diff', 'bestDiff'],
  ['uptime_s', 'uptimeS'],
];

export const CSV_HEADER = ['time', 'miner', ...COLUMNS.map(([name]) => name)].join(',');

/**
 * Rows per read and per write: about 20 ms of work on a Raspberry Pi-class core, after which polls, alerts and other
 * commands get their turn. Each page is its own short query, so the collector writes between pages.
 */
const ROWS_PER_SLICE = 1_000;
/** A row without the miner's name: measured 160–165 bytes on simulated miners at full precision (2026-12-02). */
const BYTES_PER_ROW = 165;
/** gzip makes these CSVs 3–4 times smaller (measured 3.6×); sizing with 3× leaves a margin. */
const GZIP_RATIO = 3;
/** Export files left behind by a crash are removed by the next export after this long. */
const STALE_EXPORT_MS = 3_600_000;

/** Quotes a cell only when it must (RFC 4180). */
function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface ExportMiner {
  name: string;
  minerId: number | null;
}

export interface ExportQuery {
  store: Store;
  miners: readonly ExportMiner[];
  fromMs: number;
  toMs: number;
}

export interface ExportEstimate {
  rows: number;
  /** Rows per miner, in the order given. */
  perMiner: Array<{ name: string; rows: number; bytes: number }>;
  /** Expected size of the CSV. */
  bytes: number;
  /** Expected size gzipped. */
  gzipBytes: number;
}

/** Counts the rows (one index range count per miner, yielding between them) and sizes the file before writing it. */
export async function estimateExport(query: ExportQuery): Promise<ExportEstimate> {
  const perMiner: ExportEstimate['perMiner'] = [];
  for (const miner of query.miners) {
    const rows = miner.minerId === null ? 0 : query.store.samples.countRange(miner.minerId, query.fromMs, query.toMs);
    perMiner.push({ name: miner.name, rows, bytes: rows * (BYTES_PER_ROW + miner.name.length) });
    await yieldToEventLoop();
  }
  const rows = perMiner.reduce((sum, m) => sum + m.rows, 0);
  const bytes = CSV_HEADER.length + 1 + perMiner.reduce((sum, m) => sum + m.bytes, 0);
  return { rows, perMiner, bytes, gzipBytes: Math.ceil(bytes / GZIP_RATIO) };
}

/**
 * The CSV, page by page: ISO timestamps in the owner's time zone (one formatter for the whole file), one row per poll,
 * empty cells where the miner gave no reading. Yields the event loop after every page.
 */
export async function* csvChunks(query: ExportQuery & { timezone: string }, counter: { rows: number }): AsyncGenerator<string> {
  const formatTime = isoInZoneFormatter(query.timezone);
  yield `${CSV_HEADER}\n`;
  for (const miner of query.miners) {
    if (miner.minerId === null) continue;
    const name = cell(miner.name);
    let from = query.fromMs;
    for (;;) {
      const page = query.store.samples.page(miner.minerId, from, query.toMs, ROWS_PER_SLICE);
      if (page.length === 0) break;
      const lines: string[] = [];
      for (const sample of page) {
        let line = `${formatTime(sample.ts)},${name}`;
        for (const [, key] of COLUMNS) {
          const value = sample[key];
          line += value === null ? ',' : `,${value}`;
        }
        lines.push(line);
      }
      counter.rows += page.length;
      yield `${lines.join('\n')}\n`;
      await yieldToEventLoop();
      if (page.length < ROWS_PER_SLICE) break;
      from = (page[page.length - 1]?.ts ?? query.toMs) + 1;
    }
  }
}

export interface WrittenExport {
  path: string;
  bytes: number;
  rows: number;
}

/**
 * Writes the export to a file under `folder` (gzipped when asked), streaming: the whole file is never in memory, and
 * the disk's own pace holds the reader back. Old files a crash left behind are removed first.
 */
export async function writeExportFile(
  query: ExportQuery & { timezone: string; folder: string; filename: string; gzip: boolean; signal?: AbortSignal },
): Promise<WrittenExport> {
  await mkdir(query.folder, { recursive: true });
  // File ages are the file system's time, so they are compared with the system clock.
  await removeStaleExports(query.folder, Date.now());
  const path = join(query.folder, `${randomBytes(6).toString('hex')}-${query.filename}`);
  const counter = { rows: 0 };
  const source = Readable.from(csvChunks(query, counter));
  const sink = createWriteStream(path);
  const options = query.signal ? { signal: query.signal } : {};
  try {
    if (query.gzip) await pipeline(source, createGzip(), sink, options);
    else await pipeline(source, sink, options);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, bytes: (await stat(path)).size, rows: counter.rows };
}

async function removeStaleExports(folder: string, nowMs: number): Promise<void> {
  for (const name of await readdir(folder)) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && nowMs - info.mtimeMs > STALE_EXPORT_MS) await rm(path, { force: true });
  }
}
