import type { AsicModel } from '../axeos/models.js';
import { ASIC_PHYSICS, ERROR_CURVE, SILICON_SPREAD } from './calibration.js';
import type { SeededRandom } from './random.js';

/** One device's silicon lottery: where its chips stop hashing cleanly, and its error floor. */
export interface Silicon {
  vminInterceptMv: number;
  vminSlopeMvPerMhz: number;
  vminTempCoefMvPerC: number;
  errorFloorPct: number;
}

export function drawSilicon(asicModel: AsicModel, random: SeededRandom): Silicon {
  const asic = ASIC_PHYSICS[asicModel];
  const [floorMin, floorMax] = SILICON_SPREAD.errorFloorPct;
  return {
    vminInterceptMv: asic.vminInterceptMv + random.uniform(-SILICON_SPREAD.vminOffsetMv, SILICON_SPREAD.vminOffsetMv),
    vminSlopeMvPerMhz: asic.vminSlopeMvPerMhz,
    vminTempCoefMvPerC: SILICON_SPREAD.vminTempCoefMvPerC,
    errorFloorPct: random.uniform(floorMin, floorMax),
  };
}

/** The core voltage below which this device's ASIC errors climb steeply (the knee, ~2 % extra errors). */
export function minStableVoltageMv(silicon: Silicon, frequencyMhz: number, chipTempC = 60): number {
  return silicon.vminInterceptMv + silicon.vminSlopeMvPerMhz * frequencyMhz + silicon.vminTempCoefMvPerC * (chipTempC - 60);
}

/** ASIC hardware errors in % of nonces: a small floor above Vmin, a logistic climb below it. */
export function asicErrorPct(silicon: Silicon, point: { frequencyMhz: number; coreVoltageMv: number; chipTempC: number }): number {
  const deficitMv = minStableVoltageMv(silicon, point.frequencyMhz, point.chipTempC) - point.coreVoltageMv;
  const extra = 100 / (1 + Math.exp(-(deficitMv - ERROR_CURVE.halfDeficitMv) / ERROR_CURVE.widthMv));
  return Math.min(100, silicon.errorFloorPct + extra);
}
