/**
 * The autopilot of one miner: each poll goes into its window; then, in order, a pause, the firmware's overheat
 * protection, a stall (healing), and finally the ladder policy decide what (if anything) is written. Writes go only
 * through the guard, as the `autopilot` actor with the reason on the audit row.
 */
import { modelById } from '../axeos/models.js';
import type { MinerSettings, Telemetry } from '../axeos/telemetry.js';
import { errorMessage } from '../core/errors.js';
import { fanStopped, zeroHashCheck } from './healing.js';
import { firmwareHasPauseResume } from '../control/firmware-features.js';
import { updateDrift } from './drift.js';
import { ceilingIndex, nearestRungIndex } from './ladder.js';
import { decide } from './policy.js';
import type { PilotContext } from './pilot-context.js';
import { limitsFor, modeFor, tuningFrom } from './settings.js';
import { localClock, inDailyWindow } from '../core/local-time.js';
import type { MinerAutopilotState } from './state.js';
import { rungKey, rungText, type AutopilotMode, type Rung } from './types.js';
import { ReadingWindow, readingOf } from './window.js';
import type { DecisionKind } from './repository.js';
import { PilotWriter } from './pilot-writer.js';

const RECENT_MS = 30_000;
const OVERHEAT_MIN_COOL_MS = 60_000;

const mhz = (f: number): string => `${Math.round(f * 100) / 100}`;

export class MinerPilot {
  readonly window: ReadingWindow;
  /** Why it holds now (not stored: it changes every poll). */
  holdReason: string | null = null;
  private readonly writer: PilotWriter;

  constructor(readonly name: string, public state: MinerAutopilotState, private readonly ctx: PilotContext) {
    this.writer = new PilotWriter(name, ctx, this);
    this.window = new ReadingWindow(Math.max(ctx.config.autopilot.windowSeconds * 1000, RECENT_MS) * 2);
  }

  async onSample(telemetry: Telemetry): Promise<void> {
    if (telemetry.overheat !== true && telemetry.miningPaused !== true) this.window.add(readingOf(telemetry));
    const { clock, guard } = this.ctx;
    const now = clock.now();
    if (this.state.mode === 'off') return;
    if (this.state.pausedUntil !== null) {
      if (now < this.state.pausedUntil) return;
      this.endPause(telemetry, now);
    }
    // A benchmark (or a pending restore) holds the miner: hands off, and nothing it does is a stall.
    if (guard.holderRefusal(this.name) !== null) {
      this.state.healing = { ...this.state.healing, zeroSince: null };
      return;
    }
    if (this.state.healing.fanPausedAt !== null) {
      await this.resumeWhenFanSpins(telemetry, now);
      return;
    }
    const limits = this.limits(telemetry, now);
    if (telemetry.overheat !== true && fanStopped(telemetry, limits.chipTargetC, this.ctx.config.autopilot.deadbandC)) {
      await this.protectFromStoppedFan(telemetry, now);
      return;
    }
    if (telemetry.overheat === true && this.state.healing.overheat === null) this.recordTrip(telemetry, now);
    if (this.state.healing.overheat) {
      await this.recoverFromOverheat(telemetry, now);
      return;
    }
    if (await this.heal(telemetry, now)) return;
    if (telemetry.hashrateGhs === 0) return;
    if (this.state.pendingVoltage) {
      await this.writer.writePendingVoltage(telemetry, now);
      return;
    }
    await this.tune(telemetry, now);
  }

  /** A change nobody asked the autopilot for: the firmware's protection, or a person (then it steps aside). */
  onOutsideChange(description: string, tripLike: boolean, telemetry: Telemetry | null, now: number): void {
    if (this.state.mode === 'off') return;
    if (tripLike) {
      if (this.state.healing.overheat === null) this.recordTrip(telemetry, now);
      return;
    }
    const minutes = this.ctx.config.autopilot.pauseMinutes;
    const until = now + minutes * 60_000;
    this.state.pausedUntil = until;
    this.state.pendingVoltage = null;
    this.state.pauseReason = `settings changed outside the autopilot (${description})`;
    this.decided('pause', null, null, `${this.state.pauseReason}; paused until ${localClock(until, this.ctx.config.timezone)}`, 'info', now);
  }

  private async protectFromStoppedFan(telemetry: Telemetry, now: number): Promise<void> {
    const words = `the fan stopped (0 rpm at ${Math.round(telemetry.fanPct ?? 0)} %) while the chip warms (${(telemetry.chipTempC ?? 0).toFixed(1)} °C)`;
    if (firmwareHasPauseResume(telemetry) === true) {
      const reason = `${words}: mining paused until it spins again; check the fan`;
      try {
        await this.ctx.guard.pause({ miner: this.name, actor: this.ctx.actor, reason: `autopilot: ${reason}` });
      } catch (error) {
        this.ctx.log.warn({ miner: this.name, err: errorMessage(error) }, 'autopilot could not pause a miner whose fan stopped');
        return;
      }
      this.state.healing = { ...this.state.healing, fanPausedAt: now, zeroSince: null };
      this.state.pendingVoltage = null;
      this.decided('hold', telemetry.frequencyMhz, null, reason, 'critical', now);
      return;
    }
    // Firmware before 2.14 cannot pause: the lowest rung, and the firmware's own protection as the last line.
    const { ladder } = this.ladder(this.effectiveMode(now), telemetry);
    const lowest = ladder[0];
    if (!lowest || (this.state.rung && Math.abs(this.state.rung.frequencyMhz - lowest.frequencyMhz) < 0.5)) return;
    const reason = `${words}: down to the lowest rung, ${rungText(lowest)}; check the fan`;
    if (!(await this.writer.writeRung(lowest, telemetry, reason, now))) return;
    this.state.rung = { frequencyMhz: lowest.frequencyMhz, coreVoltageMv: lowest.coreVoltageMv };
    this.state.memory = { ...this.state.memory, lastWriteAt: now, headroomSince: null, lastDirection: 'down' };
    this.decided('down', telemetry.frequencyMhz, lowest, reason, 'critical', now, telemetry.coreVoltageMv);
  }

  private async resumeWhenFanSpins(telemetry: Telemetry, now: number): Promise<void> {
    if (telemetry.fanRpm === null || telemetry.fanRpm <= 0) {
      this.holdReason = 'mining paused: the fan does not spin';
      return;
    }
    const reason = `the fan spins again (${Math.round(telemetry.fanRpm)} rpm): mining resumed`;
    try {
      await this.ctx.guard.resume({ miner: this.name, actor: this.ctx.actor, reason: `autopilot: ${reason}` });
    } catch (error) {
      this.ctx.log.warn({ miner: this.name, err: errorMessage(error) }, 'autopilot could not resume mining');
      return;
    }
    this.state.healing = { ...this.state.healing, fanPausedAt: null };
    this.state.memory = { ...this.state.memory, lastWriteAt: now, headroomSince: null };
    this.window.clear();
    this.decided('resume', null, null, reason, 'info', now);
  }

  private endPause(telemetry: Telemetry, now: number): void {
    this.state.pausedUntil = null;
    this.state.pauseReason = null;
    // In protect mode what the owner set meanwhile is their setting now.
    if (this.state.mode === 'protect' && telemetry.frequencyMhz !== null && telemetry.coreVoltageMv !== null) {
      this.state.owner = { frequencyMhz: telemetry.frequencyMhz, coreVoltageMv: telemetry.coreVoltageMv };
    }
    this.state.rung = null;
    this.state.memory = { ...this.state.memory, headroomSince: null, lastWriteAt: now };
    this.decided('resume', null, null, 'the pause is over; the autopilot is back on', 'info', now);
  }

  private recordTrip(telemetry: Telemetry | null, now: number): void {
    const rung = this.state.rung;
    this.state.pendingVoltage = null;
    this.state.healing = {
      ...this.state.healing, zeroSince: null,
      overheat: { at: now, frequencyMhz: rung?.frequencyMhz ?? null, coreVoltageMv: rung?.coreVoltageMv ?? null },
    };
    const chip = telemetry?.chipTempC;
    const at = rung ? ` at ${rungText(rung)}` : '';
    this.decided('hold', null, null, `the firmware's overheat protection tripped${at}${chip ? ` (chip ${chip.toFixed(1)} °C)` : ''}; ` +
      'it comes back one rung lower with the auto fan once it has cooled', 'warning', now);
  }

  private async recoverFromOverheat(telemetry: Telemetry, now: number): Promise<void> {
    const trip = this.state.healing.overheat;
    if (!trip) return;
    const limits = this.limits(telemetry, now);
    const cooled = telemetry.chipTempC !== null && telemetry.chipTempC <= limits.chipTargetC - this.ctx.config.autopilot.deadbandC;
    if (now - trip.at < OVERHEAT_MIN_COOL_MS || !cooled || !(telemetry.hashrateGhs !== null && telemetry.hashrateGhs > 0)) {
      this.holdReason = 'waiting for the miner to cool after the firmware\'s overheat protection';
      return;
    }
    const { ladder } = this.ladder(this.effectiveMode(now), telemetry);
    const trippedAt = nearestRungIndex(ladder, { frequencyMhz: trip.frequencyMhz ?? telemetry.frequencyMhz, coreVoltageMv: trip.coreVoltageMv });
    const target = ladder[Math.max(0, trippedAt - 1)];
    if (!target) return;
    const tripped = ladder[trippedAt];
    const settings: MinerSettings = { frequencyMhz: target.frequencyMhz, coreVoltageMv: target.coreVoltageMv, autoFan: true, overheat: false };
    const reason = `back from the firmware's overheat protection: ${rungText(target)}` +
      `${tripped && tripped !== target ? ` (one rung below ${mhz(tripped.frequencyMhz)} MHz, where it tripped)` : ''}, auto fan on`;
    if (!(await this.writer.write(settings, reason, telemetry, now))) return;
    const failures = { ...this.state.memory.failures };
    // A trip counts as two failures: the rung waits twice the hold-off of a crossed limit.
    if (tripped && tripped !== target) failures[rungKey(tripped)] = [...(failures[rungKey(tripped)] ?? []), trip.at, trip.at];
    this.state.memory = { ...this.state.memory, failures, lastWriteAt: now, headroomSince: null, lastDirection: 'down' };
    this.state.healing = { ...this.state.healing, overheat: null };
    this.state.rung = { frequencyMhz: target.frequencyMhz, coreVoltageMv: target.coreVoltageMv };
    this.window.clear();
    this.decided('recover', telemetry.frequencyMhz, target, reason, 'warning', now, telemetry.coreVoltageMv);
  }

  /** True when healing acted (or holds the miner for a person) and tuning must wait. */
  private async heal(telemetry: Telemetry, now: number): Promise<boolean> {
    const a = this.ctx.config.autopilot;
    const { verdict, healing } = zeroHashCheck({
      now, telemetry, healing: this.state.healing, blocked: false,
      tuning: { zeroMs: a.zeroHashRestartMinutes * 60_000, maxRestarts: a.maxRestarts, restartWindowMs: a.restartWindowHours * 3_600_000 },
    });
    this.state.healing = healing;
    if (verdict.action === 'none') return false;
    if (verdict.action === 'needs-person') {
      this.decided('needs-person', null, null, verdict.reason, 'critical', now);
      return true;
    }
    try {
      await this.ctx.guard.restart({ miner: this.name, actor: this.ctx.actor, reason: verdict.reason });
    } catch (error) {
      this.ctx.log.warn({ miner: this.name, err: errorMessage(error) }, 'autopilot restart failed');
      return true;
    }
    this.window.clear();
    this.state.pendingVoltage = null;
    this.state.memory = { ...this.state.memory, lastWriteAt: now, headroomSince: null };
    this.decided('restart', null, null, `restarted: ${verdict.reason}`, 'info', now);
    return true;
  }

  private async tune(telemetry: Telemetry, now: number): Promise<void> {
    const mode = this.effectiveMode(now);
    const { ladder, ceiling } = this.ladder(mode, telemetry);
    if (ladder.length === 0) {
      this.holdReason = 'no rung to run (its settings are not known yet)';
      return;
    }
    let current = this.state.rung ? nearestRungIndex(ladder, this.state.rung) : nearestRungIndex(ladder, telemetry);
    const here = ladder[current];
    if (!here) return;
    if (!this.state.rung || !sameRung(this.state.rung, here)) {
      // Turned on, or the ladder changed under it: start from the nearest rung at or below, within the mode's reach.
      current = Math.min(current, ceiling);
      const start = ladder[current];
      if (!start) return;
      if (!runs(telemetry, start)) {
        const reason = `autopilot in ${mode} mode: starting at ${rungText(start)} (${start.source})`;
        if (!(await this.writer.writeRung(start, telemetry, reason, now))) return;
        this.state.memory = { ...this.state.memory, lastWriteAt: now, headroomSince: null };
        this.decided('start', telemetry.frequencyMhz, start, reason, 'info', now, telemetry.coreVoltageMv);
      }
      this.state.rung = { frequencyMhz: start.frequencyMhz, coreVoltageMv: start.coreVoltageMv };
      return;
    }
    const tuning = tuningFrom(this.ctx.config);
    const settleEnd = this.state.memory.lastWriteAt === null ? null : this.state.memory.lastWriteAt + tuning.settleMs;
    const decision = decide({
      now, ladder, ceiling, current, limits: this.limits(telemetry, now), memory: this.state.memory, tuning,
      stats: this.window.stats(now, tuning.windowMs, settleEnd), recent: this.window.stats(now, RECENT_MS, null),
    });
    this.trackDrift(telemetry, here, now);
    if (decision.action === 'hold') {
      this.state.memory = decision.memory;
      this.holdReason = decision.reason;
      return;
    }
    const target = ladder[decision.to];
    if (!target || now < this.writer.refusedUntil) return;
    const stats = this.window.stats(now, tuning.windowMs, settleEnd);
    const lasting = decision.breaches.length > 0 && stats ? ` for ${Math.max(1, Math.round(stats.spanMs / 60_000))} min` : '';
    const reason = `${mhz(here.frequencyMhz)} → ${mhz(target.frequencyMhz)} MHz, ${decision.reason}${lasting}`;
    if (runs(telemetry, target)) {
      // Already there (a rung measured twice, a restore): nothing to write, nothing to wear.
      this.state.rung = { frequencyMhz: target.frequencyMhz, coreVoltageMv: target.coreVoltageMv };
      return;
    }
    if (!(await this.writer.writeRung(target, telemetry, reason, now))) return;
    this.state.memory = decision.memory;
    this.state.rung = { frequencyMhz: target.frequencyMhz, coreVoltageMv: target.coreVoltageMv };
    this.decided(decision.direction, here.frequencyMhz, target, reason, 'info', now, here.coreVoltageMv);
  }

  private trackDrift(telemetry: Telemetry, rung: Rung, now: number): void {
    const drift = this.ctx.config.autopilot.drift;
    const measured = telemetry.efficiencyJth ?? (telemetry.powerW !== null && telemetry.hashrateGhs ? telemetry.powerW / (telemetry.hashrateGhs / 1000) : null);
    const result = updateDrift(this.state.drift, {
      now, measuredJth: measured, benchJth: rung.efficiencyJth, chipTempC: telemetry.chipTempC, benchChipTempC: rung.chipTempC,
      thresholdPct: drift.thresholdPct, hoursMs: drift.hours * 3_600_000,
    });
    this.state.drift = result.drift;
    if (result.report) {
      const worse = ((result.drift.ratio ?? 1) - 1) * 100;
      const rebench = drift.rebenchWindow ? ` A quick re-benchmark runs in the night window ${drift.rebenchWindow.from}–${drift.rebenchWindow.to}.` : '';
      this.decided('drift', null, null, `at ${rungText(rung)} it needs ${worse.toFixed(1)} % more energy per hash than its benchmark ` +
        `for ${drift.hours} h at a comparable chip temperature: dust, a fan or the thermal pad? Re-benchmark with /bench ${this.name}.${rebench}`, 'info', now);
      this.state.drift = { ...this.state.drift, rebenchPending: drift.rebenchWindow !== null };
    }
    if (this.state.drift.rebenchPending && drift.rebenchWindow && inDailyWindow(drift.rebenchWindow, now, this.ctx.config.timezone) && this.ctx.startBenchmark) {
      this.state.drift = { ...this.state.drift, rebenchPending: false };
      this.ctx.startBenchmark(this.name);
    }
  }

  effectiveMode(now: number): AutopilotMode {
    const mode = modeFor(this.ctx.config, this.name, this.state.mode, now);
    // A schedule may ask for a ladder mode on a miner without a benchmark: it can only be protected.
    return mode !== 'protect' && mode !== 'off' && !this.ctx.ladders.benchmark(this.name) ? 'protect' : mode;
  }

  ladder(mode: AutopilotMode, telemetry: Telemetry | null): { ladder: Rung[]; ceiling: number } {
    const ladder = this.ctx.ladders.forMode(this.name, mode, this.state.owner ?? (telemetry ? { frequencyMhz: telemetry.frequencyMhz ?? undefined, coreVoltageMv: telemetry.coreVoltageMv ?? undefined } : null));
    return { ladder, ceiling: ceilingIndex(ladder, mode) };
  }

  limits(telemetry: Telemetry | null, now: number): ReturnType<typeof limitsFor> {
    const model = telemetry?.model ? modelById(telemetry.model) : undefined;
    return limitsFor({ config: this.ctx.config, miner: this.name, model, fromChat: this.state.limits, now });
  }

  decided(kind: DecisionKind, fromMhz: number | null, to: Rung | null, reason: string, severity: 'info' | 'warning' | 'critical', now: number, fromMv: number | null = null): void {
    this.state.lastDecision = { at: now, text: reason };
    this.ctx.record({ ts: now, miner: this.name, kind, fromMhz, toMhz: to?.frequencyMhz ?? null, fromMv, toMv: to?.coreVoltageMv ?? null, reason }, severity);
  }
}

function sameRung(a: { frequencyMhz: number; coreVoltageMv: number }, b: { frequencyMhz: number; coreVoltageMv: number }): boolean {
  return Math.abs(a.frequencyMhz - b.frequencyMhz) < 0.5 && Math.abs(a.coreVoltageMv - b.coreVoltageMv) <= 1;
}

/** Whether the miner reports this rung in force. */
function runs(telemetry: Telemetry, rung: Rung): boolean {
  return telemetry.frequencyMhz !== null && telemetry.coreVoltageMv !== null && sameRung({ frequencyMhz: telemetry.frequencyMhz, coreVoltageMv: telemetry.coreVoltageMv }, rung);
}
