import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Chart, Plugin } from 'chart.js';

/**
 * Labelled vertical lines at instants on a time chart: the autopilot's changes on a miner's day ("625→600"). Labels
 * take the first of three rows at the top where they do not cover a neighbour's.
 */
export interface ResolvedMarker {
  ts: number;
  label: string;
  color: string;
}

export function markerPlugin(markers: readonly ResolvedMarker[], style: { labelCss: string; lineWidth: number; background: string }): Plugin {
  return {
    id: 'axepilotMarkers',
    afterDatasetsDraw(chart: Chart) {
      const { chartArea } = chart;
      const x = chart.scales.x;
      if (x === undefined) return;
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- chart.js types its context as the DOM's
      const ctx: SKRSContext2D = chart.ctx;
      ctx.save();
      ctx.font = style.labelCss;
      const rowRight: number[] = [-Infinity, -Infinity, -Infinity];
      for (const marker of [...markers].sort((a, b) => a.ts - b.ts)) {
        const pixel = x.getPixelForValue(marker.ts);
        if (!Number.isFinite(pixel) || pixel < chartArea.left || pixel > chartArea.right) continue;
        ctx.strokeStyle = marker.color;
        ctx.lineWidth = style.lineWidth;
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(pixel, chartArea.top);
        ctx.lineTo(pixel, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        const metrics = ctx.measureText(marker.label);
        const height = metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent + 6;
        const left = Math.min(pixel + 2, chartArea.right - metrics.width - 6);
        // The first row where it fits; a label that fits nowhere is left out (its line still shows the change).
        const row = rowRight.findIndex((right) => left > right + 4);
        if (row < 0) continue;
        rowRight[row] = left + metrics.width + 6;
        const top = chartArea.top + 2 + row * (height + 2);
        ctx.fillStyle = style.background;
        ctx.globalAlpha = 0.85;
        ctx.fillRect(left, top, metrics.width + 6, height);
        ctx.globalAlpha = 1;
        ctx.fillStyle = marker.color;
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(marker.label, left + 3, top + 3 + metrics.actualBoundingBoxAscent);
      }
      ctx.restore();
    },
  };
}
