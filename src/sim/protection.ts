import { OVERHEAT } from './calibration.js';
import type { FirmwareProfile } from './profiles.js';

/**
 * The firmware's overheat protection as a small state machine over the measured temperatures.
 * - 'stop-and-recover' (v2.11+, ESP-Miner PR #1304): stop the ASIC, cool ≥ 30 s until VR < 95 °C and chip ≤ 45 °C,
 *   then mine again 100 MHz / 100 mV lower.
 * - 'reboot-latched' (≤ 2.10): write 50 MHz / 1000 mV, reboot, and stay there until the owner PATCHes it back.
 * - 'shutdown' (NerdQAxe): stop the ASIC until the next restart.
 */
export type ProtectionEvent = 'none' | 'trip' | 'recover';

export interface MeasuredTemperatures {
  nowMs: number;
  chipC: number;
  /** Second chip sensor, null when the board has none. */
  chip2C: number | null;
  /** Null when the board has no VR sensor. */
  vrC: number | null;
}

export class OverheatProtection {
  private trippedAtMs: number | null = null;

  constructor(private readonly style: FirmwareProfile['overheat']) {}

  get tripped(): boolean {
    return this.trippedAtMs !== null;
  }

  get chipTripC(): number {
    return this.style === 'shutdown' ? OVERHEAT.nerdqaxeTripC : OVERHEAT.chipTripC;
  }

  /** A reboot clears the RAM state; what the firmware wrote to flash stays (that is the caller's business). */
  reset(): void {
    this.trippedAtMs = null;
  }

  evaluate(measured: MeasuredTemperatures): ProtectionEvent {
    if (this.trippedAtMs === null) {
      const chipHot = measured.chipC > this.chipTripC || (measured.chip2C !== null && measured.chip2C > this.chipTripC);
      const vrHot = measured.vrC !== null && measured.vrC > OVERHEAT.vrTripC;
      if (!chipHot && !vrHot) return 'none';
      this.trippedAtMs = measured.nowMs;
      return 'trip';
    }
    if (this.style !== 'stop-and-recover') return 'none';
    const cooledLongEnough = measured.nowMs - this.trippedAtMs >= OVERHEAT.minCoolS * 1000;
    const vrSafe = measured.vrC === null || measured.vrC < OVERHEAT.vrResumeBelowC;
    const chipSafe = measured.chipC <= OVERHEAT.chipResumeAtOrBelowC;
    if (!cooledLongEnough || !vrSafe || !chipSafe) return 'none';
    this.trippedAtMs = null;
    return 'recover';
  }
}

/** The settings v2.11+ restarts mining with after an overheat. */
export function backedOffSettings(current: { frequencyMhz: number; coreVoltageMv: number }): { frequencyMhz: number; coreVoltageMv: number } {
  return {
    frequencyMhz: Math.max(OVERHEAT.frequencyFloorMhz, current.frequencyMhz - OVERHEAT.frequencyBackoffMhz),
    coreVoltageMv: Math.max(OVERHEAT.voltageFloorMv, current.coreVoltageMv - OVERHEAT.voltageBackoffMv),
  };
}
