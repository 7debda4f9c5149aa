/**
 * Chart rendering speed: a 24 h chart of one miner at 5 s polls (17,280 points per series) rendered with min/max
 * downsampling and naively (every point handed to chart.js), in the same run so the ratio is fair.
 * Run alone with `node --import tsx bench/charts.ts`.
 */
import { pathToFileURL } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { simulatedDay } from '../src/charts/demo-data.js';
import { encodeOpaquePng } from '../src/charts/png.js';
import { renderTimeChart } from '../src/charts/render.js';
import type { RenderTimeChartOptions } from '../src/charts/render.js';
import type { TimeChartSpec } from '../src/charts/spec.js';

import type { Figure } from './figure.js';

export type BenchRow = Figure;

const RUNS = 7;
const WARM_UP_RUNS = 2;

export async function benchCharts(): Promise<BenchRow[]> {
  const toMs = Date.UTC(2025, 2, 12, 12, 0, 0);
  const fromMs = toMs - 24 * 3_600_000;
  // No offline stretch: every one of the 17,280 polls has a reading.
  const day = simulatedDay({ fromMs, seed: 1, offline: false });
  const charts: Array<{ name: string; spec: TimeChartSpec }> = [
    {
      name: 'hashrate + expected',
      spec: {
        title: 'bench · hashrate',
        yLabel: 'Hashrate (GH/s)',
        fromMs,
        toMs,
        timezone: 'Europe/Berlin',
        theme: 'light',
        yMin: 0,
        series: [
          { label: 'Hashrate', points: day.hashrateGhs },
          { label: 'Expected', points: day.expectedGhs, dashed: true },
        ],
      },
    },
    {
      name: 'chip temperature + thresholds',
      spec: {
        title: 'bench · chip temperature',
        yLabel: 'Chip temperature (°C)',
        fromMs,
        toMs,
        timezone: 'Europe/Berlin',
        theme: 'dark',
        series: [{ label: 'Chip', points: day.chipTempC }],
        thresholds: [
          { value: 70, label: 'Warning 70 °C' },
          { value: 75, label: 'Critical 75 °C' },
        ],
      },
    },
  ];

  // Untimed renders first: font loading and JIT warm-up are paid once per process, not per chart.
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    for (const { spec } of charts) {
      await renderTimeChart(spec);
      await renderTimeChart(spec, { downsample: false });
    }
  }

  const rows: BenchRow[] = [];
  const points = day.hashrateGhs.length;
  for (const { name, spec } of charts) {
    const { downsampled, naive } = await medianRenderMs(spec);
    rows.push(
      {
        name: `chart 24h ${name}, downsampled`,
        value: round(downsampled.wallMs),
        unit: 'ms',
        note: `median of ${RUNS}, ${points} points/series, CPU ${round(downsampled.cpuMs)} ms`,
      },
      {
        name: `chart 24h ${name}, naive`,
        value: round(naive.wallMs),
        unit: 'ms',
        note: `median of ${RUNS}, all points to chart.js, CPU ${round(naive.cpuMs)} ms`,
      },
      { name: `chart 24h ${name}, naive/downsampled`, value: round(naive.wallMs / downsampled.wallMs), unit: 'x' },
    );
  }
  rows.push(...(await benchPngEncoders(await renderTimeChart(charts[0]!.spec))));
  return rows;
}

/** Why charts carry their own PNG encoder: @napi-rs/canvas's `encode('png')` against it on the same pixels. */
async function benchPngEncoders(chartPng: Buffer): Promise<BenchRow[]> {
  const image = await loadImage(chartPng);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  const napi: number[] = [];
  const own: number[] = [];
  let napiBytes = 0;
  let ownBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    napiBytes = (await canvas.encode('png')).length;
    napi.push(performance.now() - started);
    started = performance.now();
    ownBytes = (await encodeOpaquePng(canvas.data(), image.width, image.height)).length;
    own.push(performance.now() - started);
  }
  return [
    { name: 'png encode 1000x500 chart, canvas.encode', value: round(median(napi)), unit: 'ms', note: `${napiBytes} bytes` },
    { name: 'png encode 1000x500 chart, encodeOpaquePng', value: round(median(own)), unit: 'ms', note: `${ownBytes} bytes` },
    { name: 'png encode canvas.encode/encodeOpaquePng', value: round(median(napi) / median(own)), unit: 'x' },
  ];
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

interface RenderTime {
  wallMs: number;
  /** CPU time of all the process's threads (PNG compression runs on the libuv pool): less skewed by other load. */
  cpuMs: number;
}

/** Alternates the two ways run by run, so a burst of load elsewhere on the machine hits both alike. */
async function medianRenderMs(spec: TimeChartSpec): Promise<{ downsampled: RenderTime; naive: RenderTime }> {
  const downsampled: RenderTime[] = [];
  const naive: RenderTime[] = [];
  for (let run = 0; run < RUNS; run++) {
    downsampled.push(await timeRender(spec, {}));
    naive.push(await timeRender(spec, { downsample: false }));
  }
  return { downsampled: medianOf(downsampled), naive: medianOf(naive) };
}

async function timeRender(spec: TimeChartSpec, options: RenderTimeChartOptions): Promise<RenderTime> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await renderTimeChart(spec, options);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function medianOf(times: RenderTime[]): RenderTime {
  return { wallMs: median(times.map((t) => t.wallMs)), cpuMs: median(times.map((t) => t.cpuMs)) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchCharts();
  for (const row of rows) {
    console.log(`${row.name.padEnd(58)} ${String(row.value).padStart(8)} ${row.unit.padEnd(3)} ${row.note ?? ''}`);
  }
}
