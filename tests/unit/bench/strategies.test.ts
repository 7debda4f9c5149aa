import { describe, expect, it } from 'vitest';
import { classicStrategy, CLASSIC } from '../../../src/bench/strategies/classic.js';
import { smartStrategy } from '../../../src/bench/strategies/smart.js';
import { strategyByName, STRATEGIES } from '../../../src/bench/strategies/index.js';
import { UserError } from '../../../src/core/errors.js';
import { DEFAULT_GATES, GAMMA_RANGES, syntheticContext, syntheticErrorPct, syntheticPowerW, type SyntheticMiner } from './fakes.js';

/** Knee 700 + 0.8·f mV: 1100 mV at 500 MHz, 1180 at 600. */
const miner: SyntheticMiner = { kneeMv: (f) => 700 + 0.8 * f, floorPct: 0.2 };

const steps = (requests: { point: { frequencyMhz: number; coreVoltageMv: number } }[]): string[] =>
  requests.map((r) => `${r.point.frequencyMhz}/${r.point.coreVoltageMv}`);

describe('the strategy list', () => {
  it('registers smart (the default) and classic by name', () => {
    expect(STRATEGIES.map((s) => s.name)).toEqual(['smart', 'classic']);
    expect(strategyByName('Classic')).toBe(classicStrategy);
    expect(() => strategyByName('grid')).toThrow(UserError);
  });
});

describe('classic (mrv777) on a stub measurer', () => {
  it('climbs 25 MHz while in tolerance, else adds 20 mV and steps back 25 MHz, until the allowed frequency ends', async () => {
    const { context, requests } = syntheticContext({ miner });
    await classicStrategy.search(context);
    // 575 MHz needs 1160 mV: at 1150 the errors cost > 6 % → +20 mV, −25 MHz; and so on.
    expect(steps(requests)).toEqual([
      '500/1150', '525/1150', '550/1150', '575/1150', '550/1170', '575/1170', '600/1170', '575/1190', '600/1190', '625/1190',
      '600/1210', '625/1210',
    ]);
  });

  it('restarts for every point, waits a fixed 90 s and takes 40 samples at 15 s, summarized the classic way', async () => {
    const { context, requests } = syntheticContext({ miner });
    await classicStrategy.search(context);
    for (const request of requests) {
      expect(request.restart).toBe(true);
      expect(request.settle).toEqual({ kind: 'fixed', ms: CLASSIC.settleMs });
      expect(request.measure).toMatchObject({ sampleIntervalMs: 15_000, minSamples: 40, maxMs: 600_000, summary: 'classic' });
    }
  });

  it('stops at the first thermal limit, like mrv777', async () => {
    const { context, requests } = syntheticContext({ miner: { ...miner, hot: { frequencyMhz: 550, coreVoltageMv: 0 } } });
    await classicStrategy.search(context);
    expect(steps(requests)).toEqual(['500/1150', '525/1150', '550/1150']);
  });

  it('stops at the voltage ceiling, or when stepping back would leave the allowed range', async () => {
    const { context, requests } = syntheticContext({ miner: { ...miner, kneeMv: () => 1300 } });
    await classicStrategy.search(context);
    expect(requests.every((r) => r.point.coreVoltageMv <= 1250)).toBe(true);
    expect(steps(requests)).toEqual(['500/1150', '475/1170', '450/1190', '425/1210', '400/1230']);
    const { context: late, requests: lateRequests } = syntheticContext({ miner: { ...miner, kneeMv: (f) => (f > 600 ? 1300 : 700 + 0.8 * f) } });
    await classicStrategy.search(late);
    expect(steps(lateRequests).at(-1)).toBe('625/1250');
  });
});

describe('smart on a stub measurer', () => {
  it('finds the efficient knee at the top frequency, confirms it, and stays inside the allowed ranges', async () => {
    const { context, requests } = syntheticContext({ miner });
    const outcome = await smartStrategy.search(context);
    const pick = outcome.picks.efficiency;
    expect(pick?.verdict).toBe('pass');
    expect(pick?.purpose).toBe('confirm');
    expect(pick?.point.frequencyMhz).toBe(625);
    // A few mV above the gate's crossing (1200 mV at 625 MHz), not a fixed margin below it: under the gate, voltage
    // not wasted (before issue 9 the pick aimed at ~0.9 % errors whatever the chip's curve).
    const errors = syntheticErrorPct(miner, pick?.point ?? { frequencyMhz: 0, coreVoltageMv: 0 });
    expect(errors).toBeLessThan(2);
    expect(pick?.point.coreVoltageMv).toBeGreaterThanOrEqual(1200);
    expect(pick?.point.coreVoltageMv).toBeLessThan(1208);
    for (const r of requests) {
      expect(r.point.frequencyMhz).toBeGreaterThanOrEqual(GAMMA_RANGES.frequencyMhz[0]);
      expect(r.point.frequencyMhz).toBeLessThanOrEqual(GAMMA_RANGES.frequencyMhz[1]);
      expect(r.point.coreVoltageMv).toBeGreaterThanOrEqual(GAMMA_RANGES.coreVoltageMv[0]);
      expect(r.point.coreVoltageMv).toBeLessThanOrEqual(GAMMA_RANGES.coreVoltageMv[1]);
      expect(r.restart).toBe(false);
    }
    // A bounded search, not a grid: a handful of knee probes and one confirmation.
    expect(requests.length).toBeLessThan(20);
  });

  it('starts at the owner\'s own settings and probes with short adaptive measurements', async () => {
    const { context, requests } = syntheticContext({ miner });
    await smartStrategy.search(context);
    expect(steps(requests)[0]).toBe('525/1150');
    const probe = requests[0];
    expect(probe?.settle.kind).toBe('adaptive');
    expect(probe?.measure.errorDecisionPct).toBeGreaterThan(0.2);
    expect(probe?.measure.errorDecisionPct).toBeLessThan(2);
    expect(requests.at(-1)?.measure.precision?.metric).toBe('hashrate');
  });

  it('where the voltage floor ends the knee line, picks the frequency where the knee meets the floor', async () => {
    // A Supra-like curve: floor 1100 mV, knee 1100 mV at 540 MHz; below it the chip is over-volted, above it needs more.
    const supra: SyntheticMiner = { kneeMv: (f) => 695 + 0.75 * f, floorPct: 0.3, cores: 1276 };
    const ranges = { frequencyMhz: [400, 575] as [number, number], coreVoltageMv: [1100, 1300] as [number, number], frequencyOptions: [400, 490, 525, 575], voltageOptions: [1100, 1300] };
    const { context } = syntheticContext({ miner: supra, ranges, start: { frequencyMhz: 490, coreVoltageMv: 1166 } });
    const pick = (await smartStrategy.search(context)).picks.efficiency;
    const jth = (f: number, v: number): number => syntheticPowerW({ frequencyMhz: f, coreVoltageMv: v }) / ((f * 1.276) * (1 - syntheticErrorPct(supra, { frequencyMhz: f, coreVoltageMv: v }) / 100) / 1000);
    let best = Infinity;
    for (let f = 400; f <= 575; f++) for (let v = 1100; v <= 1300; v++) if (syntheticErrorPct(supra, { frequencyMhz: f, coreVoltageMv: v }) <= 2) best = Math.min(best, jth(f, v));
    expect(pick).toBeDefined();
    expect(jth(pick?.point.frequencyMhz ?? 0, pick?.point.coreVoltageMv ?? 0) / best).toBeLessThan(1.01);
  });

  it('never goes where it was too hot, and still picks a passing point below', async () => {
    const hot: SyntheticMiner = { ...miner, hot: { frequencyMhz: 600, coreVoltageMv: 1000 } };
    const { context, requests } = syntheticContext({ miner: hot });
    const outcome = await smartStrategy.search(context);
    expect(outcome.picks.efficiency?.verdict).toBe('pass');
    expect(outcome.picks.efficiency?.point.frequencyMhz).toBeLessThan(600);
    // Two hot probes rule a frequency out, and everything above it with it.
    expect(requests.filter((r) => r.point.frequencyMhz >= 600).length).toBeLessThanOrEqual(4);
  });

  it('for the hashrate objective, goes for the top frequency', async () => {
    const { context } = syntheticContext({ miner, objective: 'hashrate' });
    const outcome = await smartStrategy.search(context);
    expect(outcome.picks.hashrate?.point.frequencyMhz).toBe(625);
  });

  it('a frequency with no knee is not the end: a NerdQAxe starting at its highest frequency is searched lower down', async () => {
    // Unstable at 625 MHz even at the highest allowed voltage (its knee is 1262 mV), no error counter to read.
    const stubborn: SyntheticMiner = { kneeMv: (f) => 700 + 0.9 * f, floorPct: 0.2 };
    const { context, requests } = syntheticContext({ miner: stubborn, start: { frequencyMhz: 625, coreVoltageMv: 1150 }, hasErrorCounter: false });
    const outcome = await smartStrategy.search(context);
    expect(requests.some((r) => r.point.frequencyMhz < 625)).toBe(true);
    const pick = outcome.picks.efficiency;
    expect(pick?.verdict).toBe('pass');
    expect(pick?.point.frequencyMhz).toBeLessThan(625);
    expect(syntheticErrorPct(stubborn, pick?.point ?? { frequencyMhz: 0, coreVoltageMv: 0 })).toBeLessThanOrEqual(2);
  });

  it('without an error counter, a probe stops early only on the hashrate share that classes it (the gate)', async () => {
    const { context, requests } = syntheticContext({ miner, hasErrorCounter: false });
    await smartStrategy.search(context);
    for (const r of requests.filter((q) => q.measure.errorDecisionPct !== undefined)) expect(r.measure.errorDecisionPct).toBe(DEFAULT_GATES.maxErrorPct);
  });

  it('places the pick on the device\'s own error curve, close under the owner\'s gate, for sharp and wide curves alike', async () => {
    for (const widthMv of [6, 18]) {
      for (const maxErrorPct of [2, 1]) {
        const curved: SyntheticMiner = { ...miner, widthMv };
        const gates = { ...DEFAULT_GATES, maxErrorPct };
        const { context } = syntheticContext({ miner: curved, gates });
        const pick = (await smartStrategy.search(context)).picks.efficiency;
        const errors = syntheticErrorPct(curved, pick?.point ?? { frequencyMhz: 0, coreVoltageMv: 0 });
        // Under the gate, and no more than a few mV of this curve above it (a fixed margin would sit far lower on a wide one).
        expect(errors).toBeLessThanOrEqual(maxErrorPct);
        const headroomMv = widthMv * Math.log((maxErrorPct - curved.floorPct) / (errors - curved.floorPct));
        expect(headroomMv).toBeLessThan(widthMv === 6 ? 6 : 8);
      }
    }
  });
});
