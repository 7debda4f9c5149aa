/**
 * Which frequency smart should look at next, and at which voltage: along the knee line, the J/TH every candidate
 * frequency would reach at its knee, predicted by the CMOS power model fitted to every probe of the run (at measured
 * knees from their estimated crossing, elsewhere from the knee line). Frequencies above one that was too hot, or
 * unstable even at the highest allowed voltage, are out.
 */
import { BALANCED_EFFICIENCY_SLACK } from '../objectives.js';
import type { Objective } from '../types.js';
import { fitKneeLine, fitPowerModel } from './knee-model.js';
import type { KneeFound } from './knee-search.js';
import type { ProbeBook } from './probe-book.js';
import type { StrategyContext } from './strategy.js';

export interface FrequencyOutlook {
  frequencyMhz: number;
  /** The knee (estimated where measured, predicted by the line elsewhere), never below the voltage floor. */
  voltageMv: number;
  efficiencyJth: number;
  hashrateGhs: number;
  /** Whether this frequency's knee has been measured. */
  measured: boolean;
}

/** The device's own options within the allowed range, plus a regular grid between its ends. */
export function candidateFrequencies(context: StrategyContext, stepMhz: number): number[] {
  const [fMin, fMax] = context.device.ranges.frequencyMhz;
  const set = new Set<number>([fMin, fMax]);
  for (const f of context.device.ranges.frequencyOptions) if (f >= fMin && f <= fMax) set.add(f);
  for (let f = fMin; f <= fMax; f += stepMhz) set.add(Math.round(f));
  return [...set].sort((a, b) => a - b);
}

export function frequencyOutlook(options: {
  context: StrategyContext;
  book: ProbeBook;
  knees: ReadonlyMap<number, KneeFound>;
  /** Frequencies at and above this one are out (too hot or unstable at any allowed voltage). */
  ceilingMhz: number | null;
  stepMhz: number;
}): FrequencyOutlook[] {
  const { context, book, knees } = options;
  const [vMin, vMax] = context.device.ranges.coreVoltageMv;
  const line = fitKneeLine([...knees.values()].map((k) => ({ frequencyMhz: k.frequencyMhz, voltageMv: k.estimateMv, atFloor: k.atFloor })));
  const power = fitPowerModel(
    book.results.flatMap((r) => (r.measurement && Number.isFinite(r.measurement.powerW.mean) ? [{ point: r.point, powerW: r.measurement.powerW.mean }] : [])),
  );
  if (!line || !power) return [];
  const targetPct = book.targetErrorPct();
  const frequencies = new Set([...candidateFrequencies(context, options.stepMhz), ...knees.keys()]);
  const outlook: FrequencyOutlook[] = [];
  for (const f of [...frequencies].sort((a, b) => a - b)) {
    if (options.ceilingMhz !== null && f >= options.ceilingMhz) continue;
    const known = knees.get(f);
    const voltageMv = known ? known.estimateMv : Math.max(vMin, line(f));
    const hot = book.hotCeiling(f);
    if (voltageMv > vMax || (hot !== null && voltageMv >= hot)) continue;
    // At a stable floor the errors were measured (and sit below the target); anywhere else the knee is at the target.
    const floorError = known?.atFloor ? known.result.measurement?.errorPct?.mean : undefined;
    const errorPct = Math.min(targetPct, floorError ?? targetPct);
    const hashrateGhs = context.device.expectedHashrateGhs({ frequencyMhz: f, coreVoltageMv: voltageMv }) * (1 - errorPct / 100);
    const watts = power({ frequencyMhz: f, coreVoltageMv: voltageMv });
    if (!(hashrateGhs > 0) || !Number.isFinite(watts)) continue;
    outlook.push({ frequencyMhz: f, voltageMv, efficiencyJth: watts / (hashrateGhs / 1000), hashrateGhs, measured: known !== undefined });
  }
  return outlook;
}

/** The frequency the objective wants, by the outlook. */
export function preferredFrequency(outlook: readonly FrequencyOutlook[], objective: Objective): FrequencyOutlook | null {
  if (outlook.length === 0) return null;
  const best = outlook.reduce((a, b) => (b.efficiencyJth < a.efficiencyJth ? b : a));
  const highest = (list: readonly FrequencyOutlook[]): FrequencyOutlook | null =>
    list.reduce<FrequencyOutlook | null>((a, b) => (!a || b.frequencyMhz > a.frequencyMhz ? b : a), null);
  switch (objective) {
    case 'efficiency':
      return best;
    case 'hashrate':
      return highest(outlook);
    case 'balanced':
      return highest(outlook.filter((o) => o.efficiencyJth <= best.efficiencyJth * (1 + BALANCED_EFFICIENCY_SLACK)));
  }
}
