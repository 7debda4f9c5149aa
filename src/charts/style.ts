import type { FontSpec } from 'chart.js';
import { CHART_FONT_FAMILY } from './fonts.js';
import type { ChartTheme } from './themes.js';

/**
 * Sizes for a chart read on a phone: Telegram and Discord show a 1000 × 500 image ~360 CSS px wide (a third of its
 * size), so text needs ~22 px to stay readable there and lines ~3 px to stay visible. Everything scales with the
 * image.
 */
export interface ChartStyle {
  scale: number;
  titleFont: Partial<FontSpec>;
  subtitleFont: Partial<FontSpec>;
  tickFont: Partial<FontSpec>;
  axisTitleFont: Partial<FontSpec>;
  legendFont: Partial<FontSpec>;
  /** CSS font shorthand for text drawn by our own plugins. */
  labelCss: string;
  messageCss: string;
  lineWidth: number;
  dash: number[];
}

export function chartStyle(size: { width: number; height: number }): ChartStyle {
  const scale = Math.max(0.5, Math.min(size.width / 1000, size.height / 500));
  const px = (base: number): number => Math.round(base * scale);
  const font = (base: number, weight: 'normal' | 'bold' = 'normal'): Partial<FontSpec> => ({
    family: CHART_FONT_FAMILY,
    size: px(base),
    weight,
    lineHeight: 1.2,
  });
  return {
    scale,
    titleFont: font(30, 'bold'),
    subtitleFont: font(20),
    tickFont: font(22),
    axisTitleFont: font(21, 'bold'),
    legendFont: font(22),
    labelCss: `bold ${px(19)}px "${CHART_FONT_FAMILY}"`,
    messageCss: `bold ${px(34)}px "${CHART_FONT_FAMILY}"`,
    lineWidth: Math.max(2, px(3)),
    dash: [px(12), px(8)],
  };
}

/** The title, subtitle and legend options shared by every chart. */
export function headerOptions(spec: { title: string; subtitle?: string }, theme: ChartTheme, style: ChartStyle) {
  return {
    title: { display: true, text: spec.title, color: theme.text, font: style.titleFont, padding: { top: 4, bottom: 2 } },
    subtitle: {
      display: spec.subtitle !== undefined && spec.subtitle !== '',
      text: spec.subtitle ?? '',
      color: theme.mutedText,
      font: style.subtitleFont,
      padding: { bottom: 4 },
    },
    tooltip: { enabled: false },
  };
}

/** Axis options shared by every chart: big ticks, a bold title with the unit, quiet grid lines. */
export function axisOptions(title: string, theme: ChartTheme, style: ChartStyle) {
  return {
    title: { display: true, text: title, color: theme.text, font: style.axisTitleFont, padding: 4 },
    ticks: { color: theme.text, font: style.tickFont, maxRotation: 0 },
    grid: { color: theme.grid, lineWidth: 1 },
    border: { color: theme.axisLine, width: 2 },
  };
}
