import type { FirmwareProfile } from './profiles.js';

/**
 * How each firmware prints JSON: cJSON's tab-indented pretty print (≤ 2.13) or compact (2.14+, ArduinoJson on
 * NerdQAxe); floats as the double of a C float (≤ 2.10: 22.060667037963867) or with 7 decimals (2.11+: 18.7522583).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function serializeJson(value: JsonValue, style: FirmwareProfile['json']): string {
  return style === 'compact' ? JSON.stringify(value) : printCjson(value, 1);
}

/** cJSON_Print: objects one key per line indented by depth in tabs, `"key":\t value`; arrays inline with ", ". */
function printCjson(value: JsonValue, depth: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((item) => printCjson(item, depth + 1)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const indent = '\t'.repeat(depth);
    const lines = entries.map(([key, item], i) => `${indent}${JSON.stringify(key)}:\t${printCjson(item, depth + 1)}${i < entries.length - 1 ? ',' : ''}`);
    return `{\n${lines.join('\n')}\n${'\t'.repeat(depth - 1)}}`;
  }
  return JSON.stringify(value);
}

/** A float field as the firmware prints it. */
export function firmwareFloat(value: number, floats: FirmwareProfile['floats']): number {
  const single = Math.fround(value);
  if (floats === 'float32') return single;
  return Number(single.toFixed(7));
}

const SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/**
 * `bestDiff` as ≤ 2.10 prints it: 2.10 with two decimals and a space ("2.03 G"), below 1000 a plain integer.
 * (2.9 and earlier printed "%.3g" without the space: "5.56G"; not needed by any profile here.)
 */
export function suffixDifficulty(value: number): string {
  if (value < 1000) return String(Math.floor(value));
  let scaled = value;
  let index = 0;
  while (scaled >= 1000 && index < SUFFIXES.length - 1) {
    scaled /= 1000;
    index++;
  }
  return `${scaled.toFixed(2)} ${SUFFIXES[index] ?? ''}`;
}
