import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_CHART_PATH, renderReadmeChart } from '../../../src/demo/readme-chart.js';

describe("the README's example chart", () => {
  it('is drawn by the /chart code from the demo day, into the file the README shows', async () => {
    const png = await renderReadmeChart();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1000);
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain('](docs/chart-example.png)');
    expect(README_CHART_PATH.endsWith(join('docs', 'chart-example.png'))).toBe(true);
  }, 60_000);
});
