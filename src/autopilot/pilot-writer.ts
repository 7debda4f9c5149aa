/**
 * How one miner's pilot writes: a dry run through the guard first (a refusal is audited, so it is not asked again for
 * a while), then the write as the `autopilot` actor with the reason on the audit row; a step down lowering both
 * frequency and voltage goes in two writes, frequency first.
 */
import type { MinerSettings, Telemetry } from '../axeos/telemetry.js';
import { errorMessage } from '../core/errors.js';
import type { MinerPilot } from './miner-pilot.js';
import type { PilotContext } from './pilot-context.js';
import type { Rung } from './types.js';

/**
 * The firmware sets a new core voltage at once and ramps the frequency 6.25 MHz per 100 ms, so one PATCH lowering both
 * runs seconds at the old frequency on the new voltage (an error burst). Down: the frequency first, the voltage this
 * long after. Up needs no split: the voltage rises first by itself.
 */
const VOLTAGE_AFTER_FREQUENCY_MS = 20_000;

/** After the guard refused a write (budget, rate, lock), wait this long before asking again: refusals are audited. */
const REFUSAL_BACKOFF_MS = 5 * 60_000;

export class PilotWriter {
  /** No write is asked for before this (after a refusal or a failure). */
  refusedUntil = 0;
  private lastRefusal: string | null = null;

  constructor(private readonly name: string, private readonly ctx: PilotContext, private readonly pilot: MinerPilot) {}

  /** Writes a rung: in one PATCH, or the frequency first and the voltage 20 s later when both go down. */
  async writeRung(target: Rung, telemetry: Telemetry, reason: string, now: number, extra: MinerSettings = {}): Promise<boolean> {
    const fromF = telemetry.frequencyMhz;
    const fromV = telemetry.coreVoltageMv;
    const split = fromF !== null && fromV !== null && target.frequencyMhz < fromF - 0.5 && target.coreVoltageMv < fromV - 1;
    const first: MinerSettings = split ? { frequencyMhz: target.frequencyMhz, ...extra } : { frequencyMhz: target.frequencyMhz, coreVoltageMv: target.coreVoltageMv, ...extra };
    if (!(await this.write(first, split ? `${reason} (frequency first, voltage in 20 s)` : reason, telemetry, now))) return false;
    this.pilot.state.pendingVoltage = split ? { coreVoltageMv: target.coreVoltageMv, dueAt: now + VOLTAGE_AFTER_FREQUENCY_MS, reason } : null;
    return true;
  }

  async writePendingVoltage(telemetry: Telemetry, now: number): Promise<void> {
    const pending = this.pilot.state.pendingVoltage;
    if (!pending || now < pending.dueAt) return;
    this.pilot.state.pendingVoltage = null;
    // Refused (the budget) or failed: it stays at the higher voltage, which is only safer.
    await this.write({ coreVoltageMv: pending.coreVoltageMv }, `${pending.reason} (the voltage, after the frequency)`, telemetry, now);
  }

  /** Writes through the guard after a dry run (a refusal is audited, so it is not asked again for a while). */
  async write(settings: MinerSettings, reason: string, telemetry: Telemetry, now: number): Promise<boolean> {
    const { guard, actor } = this.ctx;
    if (now < this.refusedUntil) return false;
    const verdict = guard.check(this.name, settings, { actor });
    if (!verdict.ok) {
      this.refusedUntil = now + REFUSAL_BACKOFF_MS;
      this.pilot.holdReason = `wanted ${reason}, but ${verdict.reason}`;
      // The same refusal with a later "next write possible at" is not news.
      const gist = verdict.reason.split(';')[0] ?? verdict.reason;
      if (gist !== this.lastRefusal) {
        this.lastRefusal = gist;
        this.pilot.decided('hold', telemetry.frequencyMhz, null, this.pilot.holdReason, 'warning', now);
      }
      return false;
    }
    const previous = this.pilot.state.lastWritten;
    this.pilot.state.lastWritten = { at: now, settings };
    try {
      await guard.apply({ miner: this.name, settings, actor, reason: `autopilot: ${reason}` });
      this.lastRefusal = null;
      this.pilot.holdReason = null;
      return true;
    } catch (error) {
      this.pilot.state.lastWritten = previous;
      this.refusedUntil = now + REFUSAL_BACKOFF_MS;
      this.pilot.holdReason = `a write failed: ${errorMessage(error)}`;
      this.ctx.log.warn({ miner: this.name, err: errorMessage(error) }, 'autopilot write failed');
      return false;
    }
  }

}
