import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { registerChartFonts } from './fonts.js';
import { encodeOpaquePng } from './png.js';

// chart.js keeps its controllers/scales in one registry per module instance; registering is idempotent.
Chart.register(...registerables);

/**
 * Draws one chart.js configuration on an off-screen canvas and encodes it as PNG. The configuration must paint an
 * opaque background (see `backgroundPlugin`), which the PNG encoder relies on.
 */
export async function renderChartPng<TType extends ChartType, TData>(
  config: ChartConfiguration<TType, TData>,
  size: { width: number; height: number },
): Promise<Buffer> {
  registerChartFonts();
  const canvas = createCanvas(size.width, size.height);
  // In Node: no animation (it would wait for frames that never come), no DOM events, no resizing to a window, and
  // a pixel ratio of 1 so the image is exactly the requested size.
  const options = Object.assign({}, config.options, {
    animation: false as const,
    responsive: false,
    devicePixelRatio: 1,
    events: [],
  });
  // chart.js types its item as the DOM's canvas context (absent without lib.dom); this one has the same API.
  const chart = new Chart(canvas.getContext('2d'), { ...config, options });
  try {
    return await encodeOpaquePng(canvas.data(), size.width, size.height);
  } finally {
    chart.destroy();
  }
}
