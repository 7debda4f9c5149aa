/**
 * A miner that keeps dropping off and coming back (a crash loop, a brown-out, flaky Wi-Fi) is one problem, not one
 * outage after another: after `outages` outages within `windowMs` it is "flapping" until a whole window passes with
 * no new outage. Ending only after a quiet window (not as soon as the count dips) keeps a miner that drops out every
 * five minutes from toggling between flapping and steady at the window's edge.
 */
export interface FlapWatchOptions {
  windowMs: number;
  outages: number;
}

export const DEFAULT_FLAP_WATCH: FlapWatchOptions = { windowMs: 15 * 60_000, outages: 3 };

export type FlapVerdict =
  | { kind: 'flapping'; started: boolean; outages: number; reboots: number; windowMs: number }
  | { kind: 'steady'; outages: number; reboots: number; windowMs: number };

export class FlapWatch {
  private outageTimes: number[] = [];
  private rebootTimes: number[] = [];
  private flapping = false;

  constructor(private readonly options: FlapWatchOptions = DEFAULT_FLAP_WATCH) {}

  get isFlapping(): boolean {
    return this.flapping;
  }

  /** An outage began (the offline verdict); returns the new or updated verdict when flapping. */
  recordOutage(at: number): FlapVerdict | null {
    this.outageTimes.push(at);
    return this.judge(at, true);
  }

  /** A reboot seen while flapping is part of the story ("4 outages, 3 reboots"); returns the updated verdict. */
  recordReboot(at: number): FlapVerdict | null {
    this.rebootTimes.push(at);
    return this.judge(at, true);
  }

  /** On every poll: ends the flapping once a whole window passed without an outage. */
  check(now: number): FlapVerdict | null {
    return this.judge(now, false);
  }

  private judge(now: number, changed: boolean): FlapVerdict | null {
    const from = now - this.options.windowMs;
    this.outageTimes = this.outageTimes.filter((t) => t > from);
    this.rebootTimes = this.rebootTimes.filter((t) => t > from);
    const counts = { outages: this.outageTimes.length, reboots: this.rebootTimes.length, windowMs: this.options.windowMs };
    if (!this.flapping) {
      if (counts.outages < this.options.outages) return null;
      this.flapping = true;
      return { kind: 'flapping', started: true, ...counts };
    }
    if (counts.outages === 0) {
      this.flapping = false;
      return { kind: 'steady', ...counts };
    }
    return changed ? { kind: 'flapping', started: false, ...counts } : null;
  }
}
