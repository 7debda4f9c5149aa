import { loadImage, createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { simulatedDay } from '../../../src/charts/demo-data.js';
import { renderTimeChart } from '../../../src/charts/render.js';
import { renderScatterChart, scatterChart } from '../../../src/charts/render-scatter.js';
import type { ChartThemeName, ScatterPoint, SeriesPoint, TimeChartSpec } from '../../../src/charts/spec.js';
import { chartTheme } from '../../../src/charts/themes.js';

const TO_MS = Date.UTC(2025, 2, 12, 12, 0, 0);
const FROM_MS = TO_MS - 24 * 3_600_000;

function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The colour of one pixel after decoding the PNG, as `#rrggbb`. */
async function pixelAt(png: Buffer, x: number, y: number): Promise<string> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const [r, g, b] = context.getImageData(x, y, 1, 1).data;
  return `#${[r, g, b].map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

function hashrateSpec(theme: ChartThemeName, series: TimeChartSpec['series']): TimeChartSpec {
  return { title: 'bitaxe-1 · hashrate', yLabel: 'Hashrate (GH/s)', fromMs: FROM_MS, toMs: TO_MS, timezone: 'Europe/Berlin', theme, series };
}

describe('renderTimeChart', () => {
  const day = simulatedDay({ fromMs: FROM_MS, seed: 3, offline: false });

  it.each(['light', 'dark'] as const)('draws 17,280 points per series as a %s 1000 × 500 PNG with its background', async (theme) => {
    expect(day.hashrateGhs).toHaveLength(17_280);
    const png = await renderTimeChart(
      hashrateSpec(theme, [
        { label: 'Hashrate', points: day.hashrateGhs },
        { label: 'Expected', points: day.expectedGhs, dashed: true },
      ]),
    );
    expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
    expect(await pixelAt(png, 2, 2)).toBe(chartTheme(theme).background.toLowerCase());
  });

  it('honours a custom size', async () => {
    const png = await renderTimeChart({ ...hashrateSpec('light', [{ label: 'Hashrate', points: day.hashrateGhs }]), width: 640, height: 360 });
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
  });

  it('draws gaps, bands and thresholds', async () => {
    const withGaps: SeriesPoint[] = day.chipTempC.map((p, i) =>
      i > 5_000 && i < 6_000 ? { ts: p.ts, avg: null } : { ...p, min: (p.avg ?? 0) - 1, max: (p.avg ?? 0) + 1 },
    );
    const missingHour = withGaps.filter((_, i) => i < 10_000 || i > 10_720);
    const png = await renderTimeChart({
      ...hashrateSpec('dark', [{ label: 'Chip', points: missingHour, band: true }]),
      yLabel: 'Chip temperature (°C)',
      thresholds: [
        { value: 70, label: 'Warning 70 °C' },
        { value: 75, label: 'Critical 75 °C', color: '#ff0000' },
      ],
    });
    expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
  });

  it('renders all points when downsampling is off', async () => {
    const png = await renderTimeChart(hashrateSpec('light', [{ label: 'Hashrate', points: day.hashrateGhs }]), { downsample: false });
    expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
  });

  it('says so instead of throwing when there is no data at all', async () => {
    const nothing = await renderTimeChart(hashrateSpec('light', [{ label: 'Hashrate', points: [] }]));
    const onlyGaps = await renderTimeChart(hashrateSpec('dark', [{ label: 'Hashrate', points: [{ ts: FROM_MS + 1, avg: null }] }]));
    const noSeries = await renderTimeChart({ ...hashrateSpec('light', []), emptyMessage: 'bitaxe-1 has not been polled yet' });
    const outOfRange = await renderTimeChart(hashrateSpec('light', [{ label: 'Hashrate', points: [{ ts: FROM_MS - 60_000, avg: 1200 }] }]));
    for (const png of [nothing, onlyGaps, noSeries, outOfRange]) expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
    // The message is drawn: the same chart with a blank message is a different image.
    const blank = await renderTimeChart({ ...hashrateSpec('light', [{ label: 'Hashrate', points: [] }]), emptyMessage: ' ' });
    expect(nothing.equals(blank)).toBe(false);
  });
});

describe('renderScatterChart', () => {
  const points: ScatterPoint[] = [
    { x: 15.2, y: 980, label: '450 MHz / 1100 mV', passed: true },
    { x: 16.0, y: 1150, label: '525 MHz / 1150 mV', passed: true },
    { x: 17.9, y: 1320, label: '600 MHz / 1200 mV', passed: true },
    { x: 18.5, y: 1250, label: '575 MHz / 1250 mV', passed: true },
    { x: 19.4, y: 1450, label: '650 MHz / 1250 mV', passed: false },
  ];

  it.each(['light', 'dark'] as const)('draws benchmark results as a %s PNG of the requested size', async (theme) => {
    const png = await renderScatterChart({ title: 'bitaxe-1 · benchmark', theme, points });
    expect(pngSize(png)).toEqual({ width: 1000, height: 500 });
    expect(await pixelAt(png, 2, 2)).toBe(chartTheme(theme).background.toLowerCase());
  });

  it('accepts a given front, a custom size and no points at all', async () => {
    const withFront = await renderScatterChart({ title: 'b', theme: 'light', points, front: [points[0]!, points[2]!], width: 800, height: 450 });
    expect(pngSize(withFront)).toEqual({ width: 800, height: 450 });
    const empty = await renderScatterChart({ title: 'b', theme: 'dark', points: [] });
    expect(pngSize(empty)).toEqual({ width: 1000, height: 500 });
  });

  it('marks the pick, labels it with its own settings, and keeps a failed outlier out of the axis range', async () => {
    const outlier: ScatterPoint = { x: 310, y: 40, label: '625 MHz / 1010 mV', passed: false };
    const pick: ScatterPoint = { x: 16.0, y: 1150, label: '525 MHz / 1150 mV', passed: true };
    const { config, labels } = scatterChart({ title: 'b', theme: 'light', points: [...points, outlier], pick });
    const marked = config.data.datasets.find((d) => d.label === 'Pick');
    expect(marked?.data).toEqual([{ x: 16.0, y: 1150 }]);
    expect(labels[0]).toEqual({ x: 16.0, y: 1150, text: 'pick: 525 MHz / 1150 mV' });
    // Its own label once, not again as a point of the front.
    expect(labels.filter((l) => l.text.includes('525 MHz / 1150 mV'))).toHaveLength(1);
    const x = config.options?.scales?.x as { min?: number; max?: number };
    const y = config.options?.scales?.y as { min?: number; max?: number };
    expect(x.max).toBeLessThan(25);
    expect(x.min).toBeGreaterThan(10);
    expect(y.min).toBeGreaterThan(800);
    expect(pngSize(await renderScatterChart({ title: 'b', theme: 'dark', points: [...points, outlier], pick }))).toEqual({ width: 1000, height: 500 });
  });
});
