/**
 * Watches every reading taken while a point runs (settling and measuring alike) for anything that must end the point
 * at once: a hard limit crossed, a temperature racing toward one, the miner running other settings than asked (an
 * overheat back-off or a watchdog reboot into saved settings), or a reboot.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import { racingTowardLimit, readingBreaches, type BenchGates } from './gates.js';
import type { GateFailure, OperatingPoint } from './types.js';

/** Firmware 2.10+ reports frequency as a float; anything within this is the frequency we set. */
const FREQUENCY_TOLERANCE_MHZ = 1;
const VOLTAGE_TOLERANCE_MV = 1;

export class PointWatch {
  readonly readings: Telemetry[] = [];
  private lastUptimeS: number | null = null;

  constructor(
    private readonly point: OperatingPoint,
    private readonly gates: BenchGates,
    /** A restart is part of the plan: the first uptime drop is expected. */
    private rebootExpected: boolean,
  ) {}

  /** Records a reading; returns what ended the point, or an empty list. */
  check(reading: Telemetry): GateFailure[] {
    this.readings.push(reading);
    const failures = [...readingBreaches(reading, this.gates), ...racingTowardLimit(this.readings, this.gates)];
    const settings = this.settingsMismatch(reading);
    if (settings) failures.push(settings);
    if (reading.uptimeS !== null) {
      if (this.lastUptimeS !== null && reading.uptimeS < this.lastUptimeS) {
        if (this.rebootExpected) this.rebootExpected = false;
        else failures.push({ gate: 'rebooted', detail: 'the miner rebooted during the point' });
      }
      this.lastUptimeS = reading.uptimeS;
    }
    return failures;
  }

  private settingsMismatch(reading: Telemetry): GateFailure | null {
    const f = reading.frequencyMhz;
    const v = reading.coreVoltageMv;
    const wrongF = f !== null && Math.abs(f - this.point.frequencyMhz) > FREQUENCY_TOLERANCE_MHZ;
    const wrongV = v !== null && Math.abs(v - this.point.coreVoltageMv) > VOLTAGE_TOLERANCE_MV;
    if (!wrongF && !wrongV) return null;
    return { gate: 'settings', detail: `the miner runs ${f ?? '?'} MHz / ${v ?? '?'} mV instead of the point's settings` };
  }
}
