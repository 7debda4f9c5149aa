import { SHARES } from './calibration.js';
import type { FirmwareProfile } from './profiles.js';
import type { SeededRandom } from './random.js';
import { bestOfShares, drawShares, shareRatePerS } from './shares.js';

/**
 * The firmware's share bookkeeping: counts and reject reasons since boot, best share of the session and of all time
 * (the latter is kept in flash), blocks found, and the ASIC error count behind `hashrateMonitor`.
 */
export class ShareCounters {
  accepted = 0;
  rejected = 0;
  readonly rejectReasons = new Map<string, number>();
  bestSessionDiff = 0;
  bestDiff: number;
  blockFound = 0;
  poolDifficulty: number = SHARES.poolDifficulty;
  asicErrorCount = 0;

  constructor(private readonly options: { random: SeededRandom; profile: FirmwareProfile }) {
    // A device has a history before we meet it: its all-time best is that of some tens of thousands of shares.
    const pastShares = Math.round(options.random.uniform(2e4, 2e5));
    this.bestDiff = Math.floor(bestOfShares(options.random, pastShares, SHARES.poolDifficulty));
  }

  /** A boot: the session counters restart, the all-time best stays; the pool's difficulty is what we suggest. */
  startSession(poolDifficulty: number): void {
    this.accepted = 0;
    this.rejected = 0;
    this.rejectReasons.clear();
    this.bestSessionDiff = 0;
    this.asicErrorCount = 0;
    this.poolDifficulty = poolDifficulty > 0 ? poolDifficulty : SHARES.poolDifficulty;
  }

  add(interval: { hashrateGhs: number; errorPct: number; dtS: number; profile: FirmwareProfile }): void {
    const { random } = this.options;
    if (interval.hashrateGhs <= 0) return;
    const draw = drawShares(random, {
      hashrateGhs: interval.hashrateGhs,
      poolDifficulty: this.poolDifficulty,
      dtS: interval.dtS,
      rejectedShare: SHARES.rejectedShare,
    });
    this.accepted += draw.accepted;
    this.rejected += draw.rejected;
    const reasons = interval.profile.rejectReasons;
    for (let i = 0; i < draw.rejected; i++) {
      // The first reason (usually "Stale") dominates, as in the captured responses.
      const reason = reasons.length > 1 && random.next() < 0.25 ? reasons[1 + random.int(reasons.length - 1)] : reasons[0];
      if (reason !== undefined) this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
    }
    const best = Math.floor(draw.bestDifficulty);
    if (best > this.bestSessionDiff) this.bestSessionDiff = best;
    if (best > this.bestDiff) this.bestDiff = best;
    if (draw.bestDifficulty >= SHARES.networkDifficulty) this.blockFound++;
    const noncesPerS = shareRatePerS(interval.hashrateGhs, SHARES.asicNonceDifficulty);
    this.asicErrorCount += random.poisson(noncesPerS * interval.dtS * (interval.errorPct / 100));
  }
}
