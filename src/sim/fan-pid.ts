import { FAN_PID } from './calibration.js';

/**
 * The firmware's fan PID (ESP-Miner fan_controller_task.c, an Arduino-PID port): reverse acting on the chip
 * temperature, derivative on measurement, integral clamped to the output limits so it cannot wind up while the fan is
 * pinned at 100 % or at its minimum.
 */
export class FanPid {
  private outputSum: number;
  private lastInputC: number | null = null;
  private filteredC: number | null = null;

  constructor(initialOutputPct: number, private readonly gains: { kp: number; ki: number; kd: number } = FAN_PID) {
    this.outputSum = initialOutputPct;
  }

  /** Bumpless takeover from the duty in force (manual → auto, or after a reboot). */
  reset(outputPct: number): void {
    this.outputSum = outputPct;
    this.lastInputC = null;
    this.filteredC = null;
  }

  /** One controller tick: the new duty in %, within [minPct, maxPct]. */
  compute(tick: { inputC: number; targetC: number; dtS: number; minPct: number; maxPct: number }): number {
    // The firmware smooths the sensor before the PID sees it (exponential filter).
    const inputC = this.filteredC === null ? tick.inputC : this.filteredC + FAN_PID.inputFilterAlpha * (tick.inputC - this.filteredC);
    this.filteredC = inputC;
    const overshootC = inputC - tick.targetC;
    const risingCPerS = this.lastInputC === null ? 0 : (inputC - this.lastInputC) / tick.dtS;
    this.lastInputC = inputC;
    this.outputSum = clamp(this.outputSum + this.gains.ki * tick.dtS * overshootC, tick.minPct, tick.maxPct);
    return clamp(this.gains.kp * overshootC + this.outputSum + this.gains.kd * risingCPerS, tick.minPct, tick.maxPct);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
