/**
 * Which measured point is best for each objective. Only points that passed every gate are candidates.
 *
 * - efficiency: the lowest J/TH.
 * - hashrate: the highest hashrate; hashrates within 0.5 % of each other are a tie (well inside the noise of any
 *   measurement), broken by the lower J/TH.
 * - balanced: the highest hashrate among points whose J/TH is within 5 % of the best J/TH: most of the efficiency,
 *   noticeably more hashrate.
 */
import type { Objective, PointResult } from './types.js';

export const BALANCED_EFFICIENCY_SLACK = 0.05;
const HASHRATE_TIE = 0.005;

type Measured = PointResult & { measurement: NonNullable<PointResult['measurement']> };

const jth = (p: Measured): number => p.measurement.efficiencyJth.mean;
const ghs = (p: Measured): number => p.measurement.effectiveHashrateGhs.mean;

function passing(points: readonly PointResult[]): Measured[] {
  return points.filter((p): p is Measured => p.verdict === 'pass' && p.measurement !== null && Number.isFinite(p.measurement.efficiencyJth.mean));
}

function highestHashrate(points: Measured[]): Measured | null {
  let best: Measured | null = null;
  for (const p of points) {
    if (!best) best = p;
    else if (ghs(p) > ghs(best) * (1 + HASHRATE_TIE)) best = p;
    else if (ghs(p) >= ghs(best) * (1 - HASHRATE_TIE) && jth(p) < jth(best)) best = p;
  }
  return best;
}

export function choosePoint(points: readonly PointResult[], objective: Objective): PointResult | null {
  const candidates = passing(points);
  if (candidates.length === 0) return null;
  const mostEfficient = candidates.reduce((best, p) => (jth(p) < jth(best) ? p : best));
  switch (objective) {
    case 'efficiency':
      return mostEfficient;
    case 'hashrate':
      return highestHashrate(candidates);
    case 'balanced':
      return highestHashrate(candidates.filter((p) => jth(p) <= jth(mostEfficient) * (1 + BALANCED_EFFICIENCY_SLACK)));
  }
}
