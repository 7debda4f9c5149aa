import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import { AxepilotError } from '../core/errors.js';

/** The family every chart uses; vendored so a Docker image or a Pi without system fonts still shows text. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

// GlobalFonts is process-wide in @napi-rs/canvas, so registering once per process is the natural unit.
let registered = false;

export function registerChartFonts(): void {
  if (registered) return;
  for (const file of FONT_FILES) {
    // From src/charts/ when run from the sources, from dist/src/charts/ when compiled.
    const candidates = ['../../', '../../../'].map((up) => fileURLToPath(new URL(`${up}assets/fonts/${file}`, import.meta.url)));
    const path = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? file;
    if (GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY) === null) {
      throw new AxepilotError(`chart font ${path} could not be loaded; chart text would be invisible`);
    }
  }
  registered = true;
}
