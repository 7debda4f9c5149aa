/** smart's step sizes and measurement plans, per mode (quick: coarser and shorter; full: finer and longer). */
import type { BenchMode, MeasurePlan, OperatingPoint, PointRequest, SettlePlan } from '../types.js';

export interface SmartParameters {
  /** The knee is located to within this many mV. */
  resolutionMv: number;
  /** The first step away from a known point when no bound is known yet; it doubles until one is found. */
  firstStepMv: number;
  /** Frequencies considered between the device's own options. */
  frequencyStepMhz: number;
  /** Model-guided knee searches after the first two. */
  maxRefinements: number;
  probeSettle: SettlePlan;
  probeMeasure: Omit<MeasurePlan, 'errorDecisionPct'>;
  confirmSettle: SettlePlan;
  confirmMeasure: MeasurePlan;
  /** Probes per knee search at most (a safety net; searches normally end in 2–7). */
  maxProbesPerKnee: number;
}

const SAMPLE_MS = 3_000;

export const SMART_PARAMETERS: Readonly<Record<BenchMode, SmartParameters>> = {
  quick: {
    resolutionMv: 10,
    firstStepMv: 20,
    frequencyStepMhz: 25,
    maxRefinements: 2,
    probeSettle: { kind: 'adaptive', minMs: 9_000, maxMs: 90_000 },
    probeMeasure: { sampleIntervalMs: SAMPLE_MS, minMs: 6_000, maxMs: 45_000, minSamples: 3, summary: 'statistics', stopWhenFailing: true },
    confirmSettle: { kind: 'adaptive', minMs: 15_000, maxMs: 120_000 },
    confirmMeasure: {
      sampleIntervalMs: SAMPLE_MS, minMs: 60_000, maxMs: 180_000, minSamples: 15, summary: 'statistics', stopWhenFailing: true,
      precision: { metric: 'hashrate', relativeHalfWidth: 0.02 },
    },
    maxProbesPerKnee: 10,
  },
  full: {
    resolutionMv: 5,
    firstStepMv: 20,
    frequencyStepMhz: 10,
    maxRefinements: 4,
    probeSettle: { kind: 'adaptive', minMs: 12_000, maxMs: 120_000 },
    probeMeasure: { sampleIntervalMs: SAMPLE_MS, minMs: 9_000, maxMs: 60_000, minSamples: 4, summary: 'statistics', stopWhenFailing: true },
    confirmSettle: { kind: 'adaptive', minMs: 20_000, maxMs: 180_000 },
    confirmMeasure: {
      sampleIntervalMs: SAMPLE_MS, minMs: 90_000, maxMs: 300_000, minSamples: 20, summary: 'statistics', stopWhenFailing: true,
      precision: { metric: 'hashrate', relativeHalfWidth: 0.015 },
    },
    maxProbesPerKnee: 12,
  },
};

export function probeRequest(parameters: SmartParameters, point: OperatingPoint, errorDecisionPct: number, purpose: string): PointRequest {
  return {
    point, purpose, restart: false, settle: parameters.probeSettle,
    measure: { ...parameters.probeMeasure, errorDecisionPct },
  };
}

export function confirmRequest(parameters: SmartParameters, point: OperatingPoint): PointRequest {
  return { point, purpose: 'confirm', restart: false, settle: parameters.confirmSettle, measure: parameters.confirmMeasure };
}

/**
 * A probe below the knee on a firmware without an error counter: its errors (the missing hashrate, 8–60 %) are
 * measured to a few % rather than stopped at the first sign of failing, because they draw the error curve.
 */
export function curveProbeRequest(parameters: SmartParameters, point: OperatingPoint, purpose: string): PointRequest {
  return {
    point, purpose, restart: false, settle: parameters.probeSettle,
    measure: {
      ...parameters.probeMeasure, minMs: 30_000, maxMs: 60_000, minSamples: 10, stopWhenFailing: false,
      precision: { metric: 'hashrate', relativeHalfWidth: 0.03 },
    },
  };
}

/** Rough duration of one probe and one confirmation, for the ETA. */
export function probeEstimateMs(parameters: SmartParameters): number {
  const settleMin = parameters.probeSettle.kind === 'adaptive' ? parameters.probeSettle.minMs : parameters.probeSettle.ms;
  return settleMin + parameters.probeMeasure.minMs + 10_000;
}
