import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/charts/label-placement.js';
import { resolveThresholdColours } from '../../../src/charts/render.js';
import { chartTheme } from '../../../src/charts/themes.js';
import { buildTimeAxis } from '../../../src/charts/time-axis.js';

describe('threshold labels and colours', () => {
  it('never lets the 70 °C and 75 °C labels overlap, even on a 20–80 °C axis', () => {
    // 300 px for 60 °C (a 1000 × 500 chart's plot): the lines are 25 px apart, the labels 27 px high.
    const area = { top: 40, bottom: 340 };
    const px = (celsius: number): number => area.bottom - ((celsius - 20) / 60) * 300;
    const boxes = [{ linePx: px(70), height: 27 }, { linePx: px(75), height: 27 }];
    const [warning = 0, critical = 0] = placeLabels(boxes, area);
    const apart = warning >= critical + 27 || critical >= warning + 27;
    expect(apart).toBe(true);
    for (const top of [warning, critical]) expect(top).toBeGreaterThanOrEqual(area.top);
  });

  it('keeps three close lines apart too, inside the plot', () => {
    const area = { top: 0, bottom: 300 };
    const tops = placeLabels([{ linePx: 100, height: 20 }, { linePx: 105, height: 20 }, { linePx: 110, height: 20 }], area);
    const sorted = [...tops].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] ?? 0) - (sorted[i - 1] ?? 0)).toBeGreaterThanOrEqual(20);
  });

  it('gives "critical" a colour no series in the chart has (not the VR orange)', () => {
    const theme = chartTheme('light');
    const chipAndVr = [theme.series[0] ?? '', theme.series[1] ?? ''];
    const [warning, critical] = resolveThresholdColours([{ value: 70, label: 'w' }, { value: 75, label: 'c' }], chipAndVr, theme);
    expect(chipAndVr).not.toContain(critical?.color);
    expect(chipAndVr).not.toContain(warning?.color);
    expect(warning?.color).not.toBe(critical?.color);
  });

  it('finds spare colours for a fleet chart that uses every series colour', () => {
    for (const name of ['light', 'dark'] as const) {
      const theme = chartTheme(name);
      const resolved = resolveThresholdColours([{ value: 70, label: 'w' }, { value: 75, label: 'c' }], theme.series, theme);
      for (const threshold of resolved) expect(theme.series, name).not.toContain(threshold.color);
    }
  });
});

describe('years on long axes', () => {
  const to = Date.UTC(2026, 11, 2, 7, 2);
  it('says the years of a 365-day range, on the range and on the ticks', () => {
    const axis = buildTimeAxis({ fromMs: to - 365 * 86_400_000, toMs: to, timezone: 'UTC', maxTicks: 7 });
    expect(axis.rangeLabel).toBe('Tue 2 Dec 2025, 07:02 – Wed 2 Dec 2026, 07:02 (UTC)');
    expect(axis.ticks.map((ms) => axis.label(ms))).toContain('Jan 2026');
  });
  it('leaves the year out of a day', () => {
    const axis = buildTimeAxis({ fromMs: to - 86_400_000, toMs: to, timezone: 'UTC', maxTicks: 7 });
    expect(axis.rangeLabel).toBe('Tue 1 Dec, 07:02 – Wed 2 Dec, 07:02 (UTC)');
  });
});
