import type { ChartThemeName } from './spec.js';

export interface ChartTheme {
  /** Always painted: a transparent PNG shows as black-on-black in Telegram's dark mode. */
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  axisLine: string;
  /** Series colours in order of use. */
  series: readonly string[];
  /** Default colours of the first and second threshold line (warning, then critical). */
  thresholds: readonly string[];
  /** For a threshold whose default colour a series already uses, in order of preference. */
  spareThresholds: readonly string[];
  /** Benchmark points that failed their limits. */
  failed: string;
  /** Opacity of a min–max band under its line. */
  bandAlpha: number;
}

// Okabe & Ito's palette (https://jfly.uni-koeln.de/color/), distinguishable with every common colour-vision
// deficiency. Each theme orders it so the first colours have the best contrast on that theme's background.
const light: ChartTheme = {
  background: '#ffffff',
  text: '#1a1a1a',
  mutedText: '#4d4d4d',
  grid: '#e3e3e3',
  axisLine: '#9e9e9e',
  series: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'],
  thresholds: ['#E69F00', '#B2182B'],
  spareThresholds: ['#B2182B', '#E69F00', '#7B3294', '#1a1a1a'],
  failed: '#8c8c8c',
  bandAlpha: 0.18,
};

const dark: ChartTheme = {
  background: '#17191c',
  text: '#f2f2f2',
  mutedText: '#bdbdbd',
  grid: '#33373d',
  axisLine: '#6b7078',
  series: ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00'],
  thresholds: ['#F0E442', '#FF6E40'],
  spareThresholds: ['#FF6E40', '#F0E442', '#FF8A80', '#f2f2f2'],
  failed: '#8f8f8f',
  bandAlpha: 0.25,
};

export function chartTheme(name: ChartThemeName): ChartTheme {
  return name === 'dark' ? dark : light;
}

/** `#rrggbb` with an alpha, as chart.js fills want; other CSS colours pass through unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return color;
  const [r, g, b] = match.slice(1).map((hex) => Number.parseInt(hex, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
