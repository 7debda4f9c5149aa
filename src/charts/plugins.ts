import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Chart, Plugin } from 'chart.js';
import { placeLabels } from './label-placement.js';

/**
 * Small chart.js plugins drawing what chart.js has no option for. Each is passed per chart (never registered
 * globally), so two renders with different themes cannot leak into each other.
 */

/** chart.js types its context as the DOM's; in Node it is the @napi-rs/canvas context we created it with. */
function drawingContext(chart: Chart): SKRSContext2D {
  // Without lib.dom chart.js's CanvasRenderingContext2D is an unresolved type, which this rule reports as unsafe.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  const context: SKRSContext2D = chart.ctx;
  return context;
}

/** Paints the whole image first: chart.js clears to transparent, which looks broken in Telegram's dark mode. */
export function backgroundPlugin(color: string): Plugin {
  return {
    id: 'axepilotBackground',
    beforeDraw(chart: Chart) {
      const { width, height } = chart;
      const ctx = drawingContext(chart);
      ctx.save();
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

export interface ResolvedThreshold {
  value: number;
  label: string;
  color: string;
}

/** Labelled horizontal lines (70 °C warning, 75 °C critical), drawn over the data so they are never hidden. */
export function thresholdPlugin(
  thresholds: readonly ResolvedThreshold[],
  style: { labelCss: string; lineWidth: number; dash: number[]; background: string },
): Plugin {
  return {
    id: 'axepilotThresholds',
    afterDatasetsDraw(chart: Chart) {
      const { chartArea } = chart;
      const ctx = drawingContext(chart);
      const y = chart.scales.y;
      if (y === undefined) return;
      ctx.save();
      ctx.font = style.labelCss;
      const pad = 4;
      const visible = thresholds
        .map((threshold) => ({ threshold, pixel: y.getPixelForValue(threshold.value), metrics: ctx.measureText(threshold.label) }))
        .filter(({ pixel }) => Number.isFinite(pixel) && pixel >= chartArea.top - 1 && pixel <= chartArea.bottom + 1);
      for (const { threshold, pixel } of visible) {
        ctx.strokeStyle = threshold.color;
        ctx.lineWidth = style.lineWidth;
        ctx.setLineDash(style.dash);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, pixel);
        ctx.lineTo(chartArea.right, pixel);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const heightOf = (m: { actualBoundingBoxAscent: number; actualBoundingBoxDescent: number }): number => m.actualBoundingBoxAscent + m.actualBoundingBoxDescent + 2 * pad;
      const tops = placeLabels(visible.map(({ pixel, metrics }) => ({ linePx: pixel, height: heightOf(metrics) })), chartArea);
      visible.forEach(({ threshold, metrics }, index) => {
        const top = tops[index] ?? chartArea.top;
        const x = chartArea.right - metrics.width - 2 * pad - 6;
        ctx.fillStyle = style.background;
        ctx.globalAlpha = 0.85;
        ctx.fillRect(x, top, metrics.width + 2 * pad, heightOf(metrics));
        ctx.globalAlpha = 1;
        ctx.fillStyle = threshold.color;
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(threshold.label, x + pad, top + pad + metrics.actualBoundingBoxAscent);
      });
      ctx.restore();
    },
  };
}

/** A message in the middle of the plot area, e.g. "No data for this range yet". */
export function messagePlugin(message: string, style: { messageCss: string; color: string }): Plugin {
  return {
    id: 'axepilotMessage',
    afterDraw(chart: Chart) {
      const { chartArea } = chart;
      const ctx = drawingContext(chart);
      ctx.save();
      ctx.font = style.messageCss;
      ctx.fillStyle = style.color;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(message, (chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
      ctx.restore();
    },
  };
}

/**
 * Text next to chosen points (the Pareto front's settings). A label goes above-left of its point: nothing passing
 * lies up and to the left of a front point (it would dominate it), so that corner is free. Where the left edge is
 * too close it goes below-right, away from the front line, which climbs to the right. A label that would overlap
 * one already drawn is left out rather than printed on top of it.
 */
export function pointLabelPlugin(
  labels: ReadonlyArray<{ x: number; y: number; text: string }>,
  style: { labelCss: string; color: string; background: string },
): Plugin {
  return {
    id: 'axepilotPointLabels',
    afterDatasetsDraw(chart: Chart) {
      const { chartArea } = chart;
      const ctx = drawingContext(chart);
      const xScale = chart.scales.x;
      const yScale = chart.scales.y;
      if (xScale === undefined || yScale === undefined) return;
      ctx.save();
      ctx.font = style.labelCss;
      ctx.textBaseline = 'middle';
      const lineHeight = ctx.measureText('M').width * 1.6;
      const offset = lineHeight * 0.6;
      const drawn: Array<{ left: number; top: number; right: number; bottom: number }> = [];
      for (const label of labels) {
        const px = xScale.getPixelForValue(label.x);
        const py = yScale.getPixelForValue(label.y);
        const width = ctx.measureText(label.text).width;
        const fitsLeft = px - offset - width >= chartArea.left + 4;
        const left = fitsLeft ? px - offset - width : px + offset;
        const wanted = fitsLeft ? py - offset : py + offset;
        const middle = Math.min(Math.max(wanted, chartArea.top + lineHeight / 2), chartArea.bottom - lineHeight / 2);
        const box = { left: left - 3, top: middle - lineHeight / 2, right: left + width + 3, bottom: middle + lineHeight / 2 };
        const overlaps = drawn.some((other) => box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top);
        if (overlaps) continue;
        drawn.push(box);
        ctx.fillStyle = style.background;
        ctx.globalAlpha = 0.8;
        ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
        ctx.globalAlpha = 1;
        ctx.fillStyle = style.color;
        ctx.fillText(label.text, left, middle);
      }
      ctx.restore();
    },
  };
}
