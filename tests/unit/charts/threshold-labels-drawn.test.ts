/**
 * The warning and critical labels on a real temperature chart, as chart.js and the canvas draw them: the test watches
 * where each label's text and background box land (the canvas's own fillText and fillRect, observed, not replaced)
 * and checks that the two boxes do not overlap and stay inside the image, at the sizes a phone gets.
 */
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderTimeChart } from '../../../src/charts/render.js';
import type { SeriesPoint } from '../../../src/charts/spec.js';

const TO = Date.UTC(2026, 11, 2, 12, 0);
const FROM = TO - 6 * 3_600_000;
const WARNING = 'chip warning 70 °C';
const CRITICAL = 'chip critical 75 °C';

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Every rectangle filled, and every text with its baseline, while one chart is drawn. */
async function drawnLabels(size: { width: number; height: number }): Promise<Map<string, Box>> {
  const context = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d')) as {
    fillText: (text: string, x: number, y: number) => void;
    fillRect: (x: number, y: number, w: number, h: number) => void;
  };
  // Spies that call through: the chart is drawn as usual, and the calls say where.
  const fillRect = vi.spyOn(context, 'fillRect');
  const fillText = vi.spyOn(context, 'fillText');
  const points: SeriesPoint[] = Array.from({ length: 360 }, (_, i) => ({ ts: FROM + i * 60_000, avg: 60 + 5 * Math.sin(i / 30) }));
  await renderTimeChart({
    title: 'bitaxe-gamma-attic temperatures', yLabel: 'Chip temperature (°C)', fromMs: FROM, toMs: TO, timezone: 'UTC', theme: 'light',
    series: [{ label: 'Chip', points }], thresholds: [{ value: 70, label: WARNING }, { value: 75, label: CRITICAL }],
    yMin: 0, yMax: 100, ...size,
  });
  const rects: Box[] = fillRect.mock.calls.map(([x, y, w, h]) => ({ left: x, top: y, right: x + w, bottom: y + h }));
  const texts = fillText.mock.calls.map(([text, x, y]) => ({ text, x, y }));
  vi.restoreAllMocks();
  const boxes = new Map<string, Box>();
  for (const label of [WARNING, CRITICAL]) {
    const drawn = texts.find((t) => t.text === label);
    if (!drawn) throw new Error(`${label} was not drawn`);
    // The label's background: the last box filled before its text whose area holds the text's start.
    const box = rects.filter((r) => r.left <= drawn.x && drawn.x <= r.right && r.top <= drawn.y && drawn.y <= r.bottom).at(-1);
    if (!box) throw new Error(`${label} has no background box`);
    boxes.set(label, box);
  }
  return boxes;
}

describe('threshold labels on the drawn temperature chart', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const size of [{ width: 1000, height: 500 }, { width: 640, height: 360 }]) {
    it(`keeps "warning" and "critical" apart at ${size.width}×${size.height}, with the lines 5 °C apart on a 0–100 °C axis`, async () => {
      const boxes = await drawnLabels(size);
      const warning = boxes.get(WARNING);
      const critical = boxes.get(CRITICAL);
      if (!warning || !critical) throw new Error('labels missing');
      const overlap = warning.top < critical.bottom && critical.top < warning.bottom && warning.left < critical.right && critical.left < warning.right;
      expect(overlap, `warning ${JSON.stringify(warning)} vs critical ${JSON.stringify(critical)}`).toBe(false);
      for (const box of [warning, critical]) {
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.bottom).toBeLessThanOrEqual(size.height);
      }
      // Critical (the higher line) reads above warning, as the lines do.
      expect(critical.top).toBeLessThan(warning.top);
    });
  }
});
