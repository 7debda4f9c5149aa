import type { SeededRandom } from './random.js';

/**
 * What the firmware measures of the true hashrate: a correlated noise around it (counter windows on 2.11+, nonce luck
 * on ≤ 2.10) and rolling means. The means are exponential with a start-up correction, so right after boot they are the
 * mean since boot rather than being dragged up from 0.
 */
const WINDOWS_S = { m1: 60, m10: 600, h1: 3600, d1: 86400 } as const;
type Window = keyof typeof WINDOWS_S;

export interface HashrateReadings {
  hashRate: number;
  hashRate1m: number;
  hashRate10m: number;
  hashRate1h: number;
  hashRate1d: number;
}

export class HashrateMeter {
  private noise = 0;
  private current = 0;
  private sinceBootS = 0;
  private sinceAsicStartS = 0;
  private readonly sums: Record<Window, number> = { m1: 0, m10: 0, h1: 0, d1: 0 };

  constructor(
    private readonly random: SeededRandom,
    private readonly noiseModel: { sigma: number; correlationS: number },
    private readonly firstReadingAfterS: number,
  ) {}

  /** A reboot: the firmware's averages start again from nothing. */
  reset(): void {
    this.noise = 0;
    this.current = 0;
    this.sinceBootS = 0;
    this.sinceAsicStartS = 0;
    for (const w of Object.keys(this.sums) as Window[]) this.sums[w] = 0;
  }

  /** One measurement interval of `dtS` seconds at a true hashrate (GH/s); `asicHashing` false while stopped. */
  sample(trueGhs: number, asicHashing: boolean, dtS: number): void {
    const rho = Math.exp(-dtS / this.noiseModel.correlationS);
    this.noise = rho * this.noise + Math.sqrt(1 - rho * rho) * this.noiseModel.sigma * this.random.normal();
    this.sinceAsicStartS = asicHashing ? this.sinceAsicStartS + dtS : 0;
    const measured = asicHashing && this.sinceAsicStartS > this.firstReadingAfterS ? Math.max(0, trueGhs * (1 + this.noise)) : 0;
    this.current = measured;
    this.sinceBootS += dtS;
    for (const w of Object.keys(this.sums) as Window[]) {
      const keep = Math.exp(-dtS / WINDOWS_S[w]);
      this.sums[w] = keep * this.sums[w] + (1 - keep) * measured;
    }
  }

  /** Jumps `dtS` seconds at a constant true hashrate without sampling each second (long virtual-clock gaps). */
  skip(trueGhs: number, asicHashing: boolean, dtS: number): void {
    this.sinceBootS += dtS;
    this.sinceAsicStartS = asicHashing ? this.sinceAsicStartS + dtS : 0;
    const level = asicHashing ? trueGhs : 0;
    for (const w of Object.keys(this.sums) as Window[]) {
      const keep = Math.exp(-dtS / WINDOWS_S[w]);
      this.sums[w] = keep * this.sums[w] + (1 - keep) * level;
    }
  }

  readings(): HashrateReadings {
    return {
      hashRate: this.current,
      hashRate1m: this.mean('m1'),
      hashRate10m: this.mean('m10'),
      hashRate1h: this.mean('h1'),
      hashRate1d: this.mean('d1'),
    };
  }

  private mean(w: Window): number {
    const filled = 1 - Math.exp(-this.sinceBootS / WINDOWS_S[w]);
    return filled > 0 ? this.sums[w] / filled : 0;
  }
}
