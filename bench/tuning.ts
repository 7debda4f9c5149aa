/**
 * `npm run bench:tuning`: how well the benchmark tunes, measured on simulated miners with known ground truth. Five
 * Gammas with different silicon, a Supra and an Ultra, each benchmarked by `smart` and by `classic` (mrv777's sweep)
 * in the same run on the virtual clock. Per device: device time of each, smart/classic, the J/TH of each pick, the
 * simulator's true best passing point (the truth searched over a 1 MHz × 1 mV grid of the allowed range with the same
 * gates), smart's gap to it, and whether smart's pick still passes when the device runs at it for an hour.
 *
 * Nothing here is asserted; the figures go to docs/performance.md. Targets: smart ≤ 25 % of classic's device time,
 * its pick within 1 % of the true best J/TH, still passing after an hour.
 */
import { pathToFileURL } from 'node:url';
import { MinerClient } from '../src/axeos/client.js';
import type { ModelId } from '../src/axeos/models.js';
import { VirtualClock } from '../src/core/clock.js';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { judgeMeasurement, readingBreaches, type BenchGates } from '../src/bench/gates.js';
import type { AllowedRanges } from '../src/bench/guard-port.js';
import { runBenchmark, type BenchRunResult } from '../src/bench/run.js';
import { createSimBench, driveVirtualClock, SIM_WARM_UP_MS } from '../src/bench/sim-run.js';
import { summarize } from '../src/bench/summary.js';
import type { BenchMode, Objective, OperatingPoint } from '../src/bench/types.js';
import { SimulatedMiner } from '../src/sim/device.js';
import type { FirmwareId } from '../src/sim/profiles.js';
import { SimTransport } from '../src/sim/transport.js';
import { openStore } from '../src/store/store.js';
import type { Figure } from './figure.js';

export interface TuningDevice {
  model: ModelId;
  seed: number;
  /** The firmware profile; the model's own default when left out. */
  firmware?: FirmwareId;
}

/**
 * The population of issue 9: error-curve widths from 6.4 to 19.7 mV (seeds chosen to span the simulator's 6–20 mV
 * range), knee slopes 0.6–0.9 mV/MHz, and two NerdQAxe++ without an error counter.
 */
export const TUNING_DEVICES: readonly TuningDevice[] = [
  { model: 'gamma', seed: 1 }, { model: 'gamma', seed: 2 }, { model: 'gamma', seed: 3 }, { model: 'gamma', seed: 4 },
  { model: 'gamma', seed: 5 }, { model: 'gamma', seed: 7 }, { model: 'gamma', seed: 11 }, { model: 'gamma', seed: 19 },
  { model: 'supra', seed: 1 }, { model: 'supra', seed: 8 }, { model: 'ultra', seed: 6 },
  { model: 'nerdqaxe++', seed: 2 }, { model: 'nerdqaxe++', seed: 11 },
];

/**
 * A known limit, measured apart (`--limits`): a Gamma on ESP-Miner 2.10, with neither an error counter nor hash
 * counters; its nonce-based hashrate (±5 % per reading, correlated over ~30 s) defeats short probes.
 */
export const LIMIT_DEVICES: readonly TuningDevice[] = [{ model: 'gamma', seed: 30, firmware: '2.10' }];

/** The population the figures before issue 9 were taken on (every error curve 9 mV wide then). */
export const OLD_TUNING_DEVICES: readonly TuningDevice[] = [
  { model: 'gamma', seed: 1 }, { model: 'gamma', seed: 2 }, { model: 'gamma', seed: 3 }, { model: 'gamma', seed: 4 },
  { model: 'gamma', seed: 5 }, { model: 'supra', seed: 1 }, { model: 'ultra', seed: 1 },
];

export interface TruthBest {
  point: OperatingPoint;
  efficiencyJth: number;
}

export interface HourCheck {
  passes: boolean;
  /** The mean error rate the firmware reported, else (no error counter) the simulator's own over the hour. */
  errorPct: number | null;
  hashratePct: number;
  failures: string[];
}

export interface TuningRow {
  device: string;
  /** The simulated silicon's error-curve width (mV per e-fold) and whether the firmware counts ASIC errors. */
  curveWidthMv: number;
  errorCounter: boolean;
  smartMinutes: number;
  classicMinutes: number;
  ratio: number;
  smartPick: OperatingPoint | null;
  smartJth: number | null;
  classicPick: OperatingPoint | null;
  classicJth: number | null;
  truth: TruthBest | null;
  /** How much worse smart's pick is than the true best, in % of J/TH (true values at both points). */
  gapPct: number | null;
  classicGapPct: number | null;
  hour: HourCheck | null;
}

const HOUR_MS = 3_600_000;
const HOUR_SAMPLE_MS = 5_000;
const HOUR_SETTLE_MS = 2 * 60_000;

async function benchmarkOnce(device: TuningDevice, strategy: string, config: Config, mode: BenchMode, objective: Objective): Promise<{ result: BenchRunResult; ranges: AllowedRanges; sim: SimulatedMiner }> {
  const store = openStore({ path: ':memory:' });
  try {
    const clock = new VirtualClock();
    const sim = await createSimBench({
      model: device.model, seed: device.seed, clock, store, config, ...(device.firmware ? { firmware: device.firmware } : {}),
    });
    const ranges = sim.guard.allowedRanges(sim.miner);
    const result = await driveVirtualClock(clock, runBenchmark({
      miner: sim.miner, client: sim.client, guard: sim.guard, clock, config, strategy, mode, objective,
    }));
    return { result, ranges, sim: sim.device };
  } finally {
    store.close();
  }
}

/** The truth's best passing point: the same gates, noise-free, over a 1 MHz × 1 mV grid of the allowed range. */
export function trueBestPoint(device: SimulatedMiner, ranges: AllowedRanges, gates: BenchGates): TruthBest | null {
  let best: TruthBest | null = null;
  const [fMin, fMax] = ranges.frequencyMhz;
  const [vMin, vMax] = ranges.coreVoltageMv;
  for (let f = fMin; f <= fMax; f += 1) {
    for (let v = vMin; v <= vMax; v += 1) {
      const s = device.truth.steadyState({ frequencyMhz: f, coreVoltageMv: v });
      const passes = s.hashrateGhs >= gates.minHashrateRatio * s.expectedHashrateGhs && s.errorPct <= gates.maxErrorPct
        && s.chipTempC <= gates.maxChipTempC && (!device.board.hasVrSensor || s.vrTempC <= gates.maxVrTempC)
        && s.powerW <= gates.maxPowerW && !s.overheats;
      if (passes && (!best || s.efficiencyJth < best.efficiencyJth)) best = { point: { frequencyMhz: f, coreVoltageMv: v }, efficiencyJth: s.efficiencyJth };
    }
  }
  return best;
}

/**
 * Runs a fresh copy of the device at `point` for an hour of device time and checks the gates on what it reports. A
 * firmware without an error counter cannot show the error gate, so there the simulator's own error rate (what the
 * chip really did over the hour) is held to it: a pick passes only if the chip really stays within the owner's gate.
 */
export async function hourCheck(device: TuningDevice, point: OperatingPoint, gates: BenchGates): Promise<HourCheck> {
  const clock = new VirtualClock();
  const sim = new SimulatedMiner({ model: device.model, seed: device.seed, clock, ...(device.firmware ? { firmware: device.firmware } : {}) });
  const client = new MinerClient({ name: 'hour', transport: new SimTransport({ device: sim }), clock });
  await clock.advance(SIM_WARM_UP_MS);
  await client.getAsic();
  await client.getInfo();
  await client.patchSettings(point);
  await clock.advance(HOUR_SETTLE_MS);
  const readings = [];
  const trueErrors: number[] = [];
  const failures = new Set<string>();
  for (let t = 0; t < HOUR_MS; t += HOUR_SAMPLE_MS) {
    await clock.advance(HOUR_SAMPLE_MS);
    const { telemetry } = await client.getInfo();
    readings.push(telemetry);
    trueErrors.push(sim.state().errorPct);
    for (const breach of readingBreaches(telemetry, gates)) failures.add(breach.gate);
  }
  const measurement = summarize({
    readings, expectedHashrateGhs: readings[0]?.expectedHashrateGhs ?? 0, kind: 'statistics', settleMs: HOUR_SETTLE_MS,
    settled: true, measureMs: HOUR_MS, stoppedBy: 'max-duration',
  });
  for (const failure of judgeMeasurement(measurement, gates)) failures.add(`${failure.gate}: ${failure.detail}`);
  const trueErrorPct = trueErrors.reduce((a, b) => a + b, 0) / Math.max(1, trueErrors.length);
  if (!measurement.errorPct && trueErrorPct > gates.maxErrorPct) failures.add(`errors (simulator): ${trueErrorPct.toFixed(2)} % > ${gates.maxErrorPct} %`);
  return {
    passes: failures.size === 0,
    errorPct: measurement.errorPct?.mean ?? trueErrorPct,
    hashratePct: measurement.hashrateRatio.mean * 100,
    failures: [...failures],
  };
}

export async function evaluateDevice(device: TuningDevice, options: { mode?: BenchMode; objective?: Objective } = {}): Promise<TuningRow> {
  const config = parseConfig({}, {});
  const mode = options.mode ?? 'quick';
  const objective = options.objective ?? 'efficiency';
  const smart = await benchmarkOnce(device, 'smart', config, mode, objective);
  const classic = await benchmarkOnce(device, 'classic', config, mode, objective);
  const truth = trueBestPoint(smart.sim, smart.ranges, smart.result.gates);
  const trueJth = (p: OperatingPoint | undefined): number | null => (p ? smart.sim.truth.steadyState(p).efficiencyJth : null);
  const smartPick = smart.result.chosen?.point ?? null;
  const classicPick = classic.result.chosen?.point ?? null;
  const smartJth = trueJth(smartPick ?? undefined);
  const classicJth = trueJth(classicPick ?? undefined);
  const gap = (jth: number | null): number | null => (jth !== null && truth ? ((jth - truth.efficiencyJth) / truth.efficiencyJth) * 100 : null);
  return {
    device: `${device.model} seed ${device.seed}${device.firmware ? ` (${device.firmware})` : ''}`,
    curveWidthMv: smart.sim.params.silicon.errorCurveWidthMv,
    errorCounter: smart.sim.profile.errorPercentage,
    smartMinutes: smart.result.deviceTimeMs / 60_000,
    classicMinutes: classic.result.deviceTimeMs / 60_000,
    ratio: smart.result.deviceTimeMs / classic.result.deviceTimeMs,
    smartPick, smartJth, classicPick, classicJth, truth,
    gapPct: gap(smartJth),
    classicGapPct: gap(classicJth),
    hour: smartPick ? await hourCheck(device, smartPick, smart.result.gates) : null,
  };
}

const pointText = (p: OperatingPoint | null): string => (p ? `${Math.round(p.frequencyMhz)}/${Math.round(p.coreVoltageMv)}` : '—');
const num = (v: number | null, digits: number): string => (v === null ? '—' : v.toFixed(digits));

export function tuningTable(rows: readonly TuningRow[]): string {
  const header = ['device', 'curve mV', 'error counter', 'smart min', 'classic min', 'smart/classic', 'smart pick', 'J/TH', 'classic pick', 'J/TH', 'true best', 'J/TH', 'smart gap %', 'classic gap %', '1 h at pick'];
  const body = rows.map((r) => [
    r.device, num(r.curveWidthMv, 1), r.errorCounter ? 'yes' : 'no', num(r.smartMinutes, 1), num(r.classicMinutes, 1), `${num(r.ratio * 100, 1)} %`, pointText(r.smartPick), num(r.smartJth, 3),
    pointText(r.classicPick), num(r.classicJth, 3), pointText(r.truth?.point ?? null), num(r.truth?.efficiencyJth ?? null, 3),
    num(r.gapPct, 2), num(r.classicGapPct, 2),
    r.hour ? `${r.hour.passes ? 'passes' : `FAILS (${r.hour.failures.join(', ')})`}, errors ${num(r.hour.errorPct, 2)} %` : '—',
  ]);
  const smartTotal = rows.reduce((s, r) => s + r.smartMinutes, 0);
  const classicTotal = rows.reduce((s, r) => s + r.classicMinutes, 0);
  const gaps = rows.flatMap((r) => (r.gapPct === null ? [] : [r.gapPct]));
  const classicGaps = rows.flatMap((r) => (r.classicGapPct === null ? [] : [r.classicGapPct]));
  body.push([
    'total', '', '', num(smartTotal, 1), num(classicTotal, 1), `${num((smartTotal / classicTotal) * 100, 1)} %`, '', '', '', '', '', '',
    `max ${num(gaps.length ? Math.max(...gaps) : null, 2)}`, `max ${num(classicGaps.length ? Math.max(...classicGaps) : null, 2)}`,
    `${rows.filter((r) => r.hour?.passes).length}/${rows.length} pass`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function tuningRows(devices: readonly TuningDevice[] = TUNING_DEVICES, options: { mode?: BenchMode } = {}): Promise<TuningRow[]> {
  const rows: TuningRow[] = [];
  for (const device of devices) rows.push(await evaluateDevice(device, options));
  return rows;
}

/** The figures for `npm run bench`'s table, like bench/charts.ts. */
export async function benchTuning(): Promise<Figure[]> {
  const rows = await tuningRows();
  const figures: Figure[] = [];
  for (const r of rows) {
    figures.push(
      { name: `${r.device}: smart device time`, value: r.smartMinutes, unit: 'min', note: `classic ${r.classicMinutes.toFixed(1)} min` },
      { name: `${r.device}: smart/classic device time`, value: r.ratio * 100, unit: '%' },
      {
        name: `${r.device}: smart pick gap to true best J/TH`, value: r.gapPct ?? Number.NaN, unit: '%',
        note: `smart ${pointText(r.smartPick)} ${num(r.smartJth, 3)} J/TH, true best ${pointText(r.truth?.point ?? null)} ${num(r.truth?.efficiencyJth ?? null, 3)} J/TH, classic ${pointText(r.classicPick)} ${num(r.classicJth, 3)} J/TH`,
      },
      { name: `${r.device}: smart pick after 1 h`, value: r.hour?.passes ? 1 : 0, unit: 'pass', note: `errors ${num(r.hour?.errorPct ?? null, 2)} %` },
    );
  }
  const smartTotal = rows.reduce((s, r) => s + r.smartMinutes, 0);
  const classicTotal = rows.reduce((s, r) => s + r.classicMinutes, 0);
  figures.push(
    { name: 'all devices: smart/classic device time', value: (smartTotal / classicTotal) * 100, unit: '%', note: `${smartTotal.toFixed(1)} vs ${classicTotal.toFixed(1)} min` },
    { name: 'all devices: worst smart gap to true best J/TH', value: Math.max(...rows.map((r) => r.gapPct ?? Infinity)), unit: '%' },
    { name: 'all devices: smart picks passing after 1 h', value: rows.filter((r) => r.hour?.passes).length, unit: `of ${rows.length}` },
  );
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const mode = process.argv.includes('--full') ? 'full' : 'quick';
  const population = process.argv.includes('--old-population') ? OLD_TUNING_DEVICES : process.argv.includes('--limits') ? LIMIT_DEVICES : TUNING_DEVICES;
  const rows = await tuningRows(population, { mode });
  process.stdout.write(`# benchmark tuning on simulated miners (smart in ${mode} mode, objective efficiency)\n\n${tuningTable(rows)}\n`);
  process.stdout.write(`\n(${((performance.now() - started) / 1000).toFixed(1)} s wall time)\n`);
}
