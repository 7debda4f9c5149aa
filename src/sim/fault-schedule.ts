import type { SimFault } from './faults.js';

/**
 * When each injected fault holds: from now or later, for a while or until cleared, and optionally only until the
 * device restarts (a flatlined ASIC, ESP-Miner issue 1053, hashes again after a reboot). Timed faults start and end
 * at their exact second even when nobody asks the device anything in between.
 */
export interface FaultTiming {
  /** Starts this long after now (default 0: at once). */
  startInMs?: number;
  /** Ends on its own this long after it starts (default: holds until cleared). */
  durationMs?: number;
  /** A restart of the device clears it (default false: the fault survives reboots, as a dead fan does). */
  untilRestart?: boolean;
}

export interface FaultWindow {
  fault: SimFault;
  startsAt: number;
  /** null: until cleared. */
  endsAt: number | null;
  untilRestart: boolean;
}

export class FaultSchedule {
  private windows: FaultWindow[] = [];

  /** Replaces any earlier window of the same fault. */
  add(fault: SimFault, nowMs: number, timing: FaultTiming = {}): void {
    const startsAt = nowMs + Math.max(0, timing.startInMs ?? 0);
    const endsAt = timing.durationMs === undefined ? null : startsAt + Math.max(0, timing.durationMs);
    this.windows = this.windows.filter((w) => w.fault !== fault);
    this.windows.push({ fault, startsAt, endsAt, untilRestart: timing.untilRestart ?? false });
  }

  clear(fault?: SimFault): void {
    this.windows = fault === undefined ? [] : this.windows.filter((w) => w.fault !== fault);
  }

  /** The faults in force at `ms`. */
  active(ms: number): Set<SimFault> {
    return new Set(this.windows.filter((w) => holds(w, ms)).map((w) => w.fault));
  }

  /** The device rebooted at `ms`: faults that last until a restart and have begun are gone. */
  restarted(ms: number): void {
    this.windows = this.windows.filter((w) => !(w.untilRestart && w.startsAt <= ms));
  }

  /** Times in (fromMs, toMs] at which some fault starts or ends, ascending. */
  changesBetween(fromMs: number, toMs: number): number[] {
    const times = new Set<number>();
    for (const w of this.windows) {
      for (const t of [w.startsAt, w.endsAt]) if (t !== null && t > fromMs && t <= toMs) times.add(t);
    }
    return [...times].sort((a, b) => a - b);
  }

  /** Windows still to come or in force at `ms` (ended ones are dropped). */
  pending(ms: number): FaultWindow[] {
    this.windows = this.windows.filter((w) => w.endsAt === null || w.endsAt > ms);
    return this.windows.map((w) => ({ ...w }));
  }
}

function holds(w: FaultWindow, ms: number): boolean {
  return w.startsAt <= ms && (w.endsAt === null || ms < w.endsAt);
}
