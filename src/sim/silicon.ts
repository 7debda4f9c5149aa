import type { AsicModel } from '../axeos/models.js';
import { ASIC_PHYSICS, ERROR_CURVE, SILICON_SPREAD } from './calibration.js';
import type { SeededRandom } from './random.js';

/** One device's silicon lottery: where its chips stop hashing cleanly, how sharply, and its error floor. */
export interface Silicon {
  vminInterceptMv: number;
  vminSlopeMvPerMhz: number;
  vminTempCoefMvPerC: number;
  errorFloorPct: number;
  /** How many mV of undervolt multiply the errors below the knee by e (the logistic's scale): 6–20 mV on real chips. */
  errorCurveWidthMv: number;
}

/**
 * Draws a device's silicon. The knee line's offset and the error floor come from `random` (the device's silicon
 * stream, as before); the error curve's width and the knee's slope come from `curve`, a stream of their own, so that
 * varying them moved no other draw (power, cooling) of an existing seed.
 */
export function drawSilicon(asicModel: AsicModel, random: SeededRandom, curve: SeededRandom = random): Silicon {
  const asic = ASIC_PHYSICS[asicModel];
  const [floorMin, floorMax] = SILICON_SPREAD.errorFloorPct;
  const offsetMv = random.uniform(-SILICON_SPREAD.vminOffsetMv, SILICON_SPREAD.vminOffsetMv);
  const errorFloorPct = random.uniform(floorMin, floorMax);
  const [widthMin, widthMax] = ERROR_CURVE.widthMv;
  const [slopeMin, slopeMax] = SILICON_SPREAD.vminSlopeFactor;
  const errorCurveWidthMv = curve.uniform(widthMin, widthMax);
  const slope = asic.vminSlopeMvPerMhz * curve.uniform(slopeMin, slopeMax);
  // The slope turns about the pivot frequency, so the knee at stock settings keeps its ±30 mV spread.
  const pivot = SILICON_SPREAD.vminSlopePivotMhz;
  return {
    vminInterceptMv: asic.vminInterceptMv + (asic.vminSlopeMvPerMhz - slope) * pivot + offsetMv,
    vminSlopeMvPerMhz: slope,
    vminTempCoefMvPerC: SILICON_SPREAD.vminTempCoefMvPerC,
    errorFloorPct,
    errorCurveWidthMv,
  };
}

/** The core voltage below which this device's ASIC errors climb steeply (the knee, ~2 % extra errors). */
export function minStableVoltageMv(silicon: Silicon, frequencyMhz: number, chipTempC = 60): number {
  return silicon.vminInterceptMv + silicon.vminSlopeMvPerMhz * frequencyMhz + silicon.vminTempCoefMvPerC * (chipTempC - 60);
}

/**
 * ASIC hardware errors in % of nonces: a small floor above Vmin, a logistic climb below it. The logistic is placed so
 * that it adds ERROR_CURVE.kneeExtraPct at Vmin whatever its width: a wide curve starts rising further above the knee.
 */
export function asicErrorPct(silicon: Silicon, point: { frequencyMhz: number; coreVoltageMv: number; chipTempC: number }): number {
  const deficitMv = minStableVoltageMv(silicon, point.frequencyMhz, point.chipTempC) - point.coreVoltageMv;
  const width = silicon.errorCurveWidthMv;
  const halfDeficitMv = width * Math.log(100 / ERROR_CURVE.kneeExtraPct - 1);
  const extra = 100 / (1 + Math.exp(-(deficitMv - halfDeficitMv) / width));
  return Math.min(100, silicon.errorFloorPct + extra);
}
