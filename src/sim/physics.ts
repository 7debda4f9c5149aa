import { expectedHashrateGhs, type MinerModel } from '../axeos/models.js';
import {
  FREQUENCY_RAMP, HASHRATE_NOISE, OVERHEAT, RESTART, type BoardSpec,
} from './calibration.js';
import type { AmbientSchedule } from './ambient.js';
import { FanPid } from './fan-pid.js';
import { HashrateMeter } from './hashrate-meter.js';
import { asicPowerW, boardPowerW } from './power.js';
import type { DeviceParameters } from './parameters.js';
import type { FirmwareProfile } from './profiles.js';
import { backedOffSettings, OverheatProtection } from './protection.js';
import { SeededRandom } from './random.js';
import { readSensors, type SensorReadings } from './sensors.js';
import { isAutoFan, type FlashSettings } from './settings.js';
import { ShareCounters } from './share-counters.js';
import { asicErrorPct } from './silicon.js';
import { hottestChipC, stepTemperatures, vrLossW, type Temperatures } from './thermal.js';

const STEP_MS = 1000;
/**
 * A quiet gap longer than JUMP_AFTER_MS (a virtual clock set far ahead) is integrated second by second for its first
 * hour, so transients settle, then crossed in one jump at that steady state, and its last hour is detailed again.
 */
const JUMP_AFTER_MS = 6 * 3600_000;
const DETAILED_EDGE_MS = 3600_000;

/** Faults that change the physics (the HTTP-level ones live in the device). */
export interface PhysicalFaults {
  flatline: boolean;
  fanFailure: boolean;
  blockedCooling: boolean;
}

/**
 * The device's physics and firmware loops, integrated lazily in fixed 1 s steps on a grid of whole seconds: nothing
 * runs between requests, and `advanceTo(now)` catches up. All randomness is drawn inside steps, so the readings at a
 * given time do not depend on how often anyone asked.
 */
export class MinerPhysics {
  readonly counters: ShareCounters;
  /** The room temperature now; follows `ambientSchedule` at every step while one is set. */
  ambientC: number;
  ambientSchedule: AmbientSchedule | null = null;
  /** How often the firmware's overheat protection has tripped since power-on. */
  overheatTrips = 0;
  readonly faults: PhysicalFaults = { flatline: false, fanFailure: false, blockedCooling: false };

  private timeMs: number;
  private bootedAtMs: number;
  private asicStartAtMs: number;
  private pendingRebootAtMs: number | null = null;
  private unreachableUntilMs = 0;
  private temps: Temperatures;
  private actualFrequencyMhz: number = FREQUENCY_RAMP.stoppedMhz;
  private appliedCoreVoltageMv = 0;
  private fanDutyPct: number;
  private wasAutoFan: boolean;
  private overheatStopped = false;
  private shutdown = false;
  private paused = false;
  private trueHashrateGhs = 0;
  private trueErrorPct = 0;
  private asicW = 0;
  private sensors: SensorReadings;
  private measuredErrorPct = 0;
  private readonly pid: FanPid;
  private readonly protection: OverheatProtection;
  private readonly meter: HashrateMeter;
  private readonly noise: SeededRandom;

  constructor(
    private readonly options: {
      model: MinerModel;
      board: BoardSpec;
      profile: FirmwareProfile;
      params: DeviceParameters;
      settings: FlashSettings;
      seed: number;
      startMs: number;
      ambientC: number;
      /** Called inside the step in which the device boots (faults that a restart clears go there). */
      onBoot?: (atMs: number) => void;
    },
  ) {
    this.timeMs = Math.floor(options.startMs / STEP_MS) * STEP_MS;
    this.bootedAtMs = options.startMs;
    this.asicStartAtMs = options.startMs + RESTART.asicStartAfterBootMs;
    this.ambientC = options.ambientC;
    this.temps = { chipC: options.ambientC, vrC: options.ambientC };
    this.fanDutyPct = isAutoFan(options.settings) ? options.settings.minFanPct : options.settings.manualFanPct;
    this.wasAutoFan = isAutoFan(options.settings);
    this.pid = new FanPid(this.fanDutyPct);
    this.protection = new OverheatProtection(options.profile.overheat);
    const noiseModel = options.profile.hashrateSource === 'counters' ? HASHRATE_NOISE.counter : HASHRATE_NOISE.nonceEstimate;
    this.meter = new HashrateMeter(SeededRandom.derive(options.seed, 'hashrate'), noiseModel, HASHRATE_NOISE.firstReadingAfterS);
    this.noise = SeededRandom.derive(options.seed, 'sensors');
    this.counters = new ShareCounters({ random: SeededRandom.derive(options.seed, 'shares'), profile: options.profile });
    this.sensors = this.measure();
  }

  /** Integrates up to `nowMs` (whole seconds; the remainder waits for the next call). */
  advanceTo(nowMs: number): void {
    // A changing room temperature has no steady state to jump at.
    if (this.ambientSchedule === null && nowMs - this.timeMs > JUMP_AFTER_MS) {
      const settledAt = this.timeMs + DETAILED_EDGE_MS;
      while (this.timeMs < settledAt) this.step();
      if (this.pendingRebootAtMs === null) this.jump(nowMs - DETAILED_EDGE_MS);
    }
    while (this.timeMs + STEP_MS <= nowMs) this.step();
  }

  /** The time the physics has been integrated up to. */
  integratedTo(): number {
    return this.timeMs;
  }

  /** A restart: the device goes dark at `atMs`, boots, and answers again a few seconds later. */
  scheduleReboot(atMs: number): void {
    this.pendingRebootAtMs = atMs;
  }

  isUnreachable(nowMs: number): boolean {
    return (this.pendingRebootAtMs !== null && nowMs >= this.pendingRebootAtMs) || nowMs < this.unreachableUntilMs;
  }

  bootedAt(): number {
    return this.bootedAtMs;
  }

  uptimeS(nowMs: number): number {
    return Math.max(0, Math.floor((nowMs - this.bootedAtMs) / 1000));
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  snapshot(): PhysicsSnapshot {
    const { settings } = this.options;
    return {
      asicRunning: this.asicRunning(),
      actualFrequencyMhz: this.actualFrequencyMhz,
      appliedCoreVoltageMv: this.appliedCoreVoltageMv,
      chipTempC: hottestChipC(this.options.params.thermal, this.temps.chipC),
      vrTempC: this.temps.vrC,
      fanDutyPct: this.fanDutyPct,
      autoFan: isAutoFan(settings),
      asicPowerW: this.asicW,
      powerW: boardPowerW(this.options.params.power, this.asicW),
      trueHashrateGhs: this.trueHashrateGhs,
      expectedHashrateGhs: expectedHashrateGhs(settings.frequencyMhz, this.options.model.smallCoresPerAsic, this.options.model.asicCount),
      trueErrorPct: this.trueErrorPct,
      measuredErrorPct: this.measuredErrorPct,
      overheatTripped: this.protection.tripped || (this.options.profile.overheat === 'reboot-latched' && settings.overheatMode === 1),
      shutdown: this.shutdown,
      paused: this.paused,
      sensors: this.sensors,
      hashrate: this.meter.readings(),
    };
  }

  private asicRunning(): boolean {
    return this.pendingRebootAtMs === null && this.timeMs >= this.asicStartAtMs && !this.overheatStopped && !this.shutdown && !this.paused;
  }

  /** ≤ 2.10 after an overheat: pinned to the safe point until `overheat_mode` is PATCHed back to 0. */
  private latchedSafe(): boolean {
    return this.options.profile.overheat === 'reboot-latched' && this.options.settings.overheatMode === 1;
  }

  private step(): void {
    const { settings, params, board, profile } = this.options;
    if (this.pendingRebootAtMs !== null && this.pendingRebootAtMs <= this.timeMs) this.boot(this.pendingRebootAtMs);
    const running = this.asicRunning();
    const latched = this.latchedSafe();
    const targetMhz = latched ? OVERHEAT.legacySafeFrequencyMhz : settings.frequencyMhz;
    const rampMhz = FREQUENCY_RAMP.stepMhz * FREQUENCY_RAMP.stepsPerSecond * (STEP_MS / 1000);
    this.actualFrequencyMhz = running ? rampToward(this.actualFrequencyMhz, targetMhz, rampMhz) : FREQUENCY_RAMP.stoppedMhz;
    const setMv = latched ? OVERHEAT.legacySafeVoltageMv : settings.coreVoltageMv;
    this.appliedCoreVoltageMv = running ? Math.min(board.regulatorMaxMv, setMv) : 0;

    if (this.ambientSchedule !== null) this.ambientC = this.ambientSchedule.at(this.timeMs);
    this.fanDutyPct = this.nextFanDuty();
    const airflowPct = this.faults.fanFailure ? 0 : this.fanDutyPct;
    const point = { frequencyMhz: this.actualFrequencyMhz, coreVoltageMv: this.appliedCoreVoltageMv, chipTempC: this.temps.chipC };
    this.asicW = asicPowerW(params.power, point);
    this.temps = stepTemperatures(params.thermal, this.temps, {
      asicPowerW: this.asicW,
      vrLossW: vrLossW(this.asicW, running),
      airflowPct,
      ambientC: this.ambientC,
      coolingShare: this.faults.blockedCooling ? OVERHEAT.blockedCoolingShare : 1,
    }, STEP_MS / 1000);
    this.timeMs += STEP_MS;
    this.sensors = this.measure();
    this.runProtection();

    const hashing = running && !this.faults.flatline;
    const hotC = hottestChipC(params.thermal, this.temps.chipC);
    this.trueErrorPct = running ? asicErrorPct(params.silicon, { ...point, chipTempC: hotC }) : 0;
    const expected = expectedHashrateGhs(this.actualFrequencyMhz, this.options.model.smallCoresPerAsic, this.options.model.asicCount);
    this.trueHashrateGhs = hashing ? expected * (1 - this.trueErrorPct / 100) : 0;
    this.measuredErrorPct = running ? Math.max(0, this.trueErrorPct * (1 + 0.1 * this.noise.normal())) : 0;
    this.meter.sample(this.trueHashrateGhs, hashing, STEP_MS / 1000);
    this.counters.add({ hashrateGhs: this.trueHashrateGhs, errorPct: this.trueErrorPct, dtS: STEP_MS / 1000, profile });
  }

  private nextFanDuty(): number {
    const { settings } = this.options;
    if (this.shutdown) return 100;
    const auto = isAutoFan(settings);
    if (auto && !this.wasAutoFan) this.pid.reset(this.fanDutyPct);
    this.wasAutoFan = auto;
    if (!auto) return Math.min(100, Math.max(0, settings.manualFanPct));
    return this.pid.compute({
      inputC: this.sensors.chipC,
      targetC: settings.tempTargetC,
      dtS: STEP_MS / 1000,
      minPct: Math.min(100, Math.max(0, settings.minFanPct)),
      maxPct: 100,
    });
  }

  private runProtection(): void {
    const { settings, profile } = this.options;
    if (this.latchedSafe() || this.pendingRebootAtMs !== null) return;
    const event = this.protection.evaluate({ nowMs: this.timeMs, chipC: this.sensors.chipC, chip2C: null, vrC: this.sensors.vrC });
    if (event === 'trip') {
      this.overheatTrips++;
      if (profile.overheat === 'shutdown') {
        this.shutdown = true;
        return;
      }
      settings.fanMode = 0;
      settings.manualFanPct = 100;
      settings.overheatMode = 1;
      if (profile.overheat === 'reboot-latched') {
        settings.frequencyMhz = OVERHEAT.legacySafeFrequencyMhz;
        settings.coreVoltageMv = OVERHEAT.legacySafeVoltageMv;
        this.scheduleReboot(this.timeMs);
      } else {
        this.overheatStopped = true;
      }
    } else if (event === 'recover') {
      Object.assign(settings, backedOffSettings(settings));
      settings.overheatMode = 0;
      this.overheatStopped = false;
    }
  }

  private boot(atMs: number): void {
    const { settings, profile } = this.options;
    this.pendingRebootAtMs = null;
    this.bootedAtMs = atMs;
    this.unreachableUntilMs = atMs + RESTART.unreachableMs;
    this.asicStartAtMs = atMs + RESTART.asicStartAfterBootMs;
    this.overheatStopped = false;
    this.shutdown = false;
    this.paused = false;
    this.protection.reset();
    if (profile.overheat === 'stop-and-recover') settings.overheatMode = 0;
    this.pid.reset(this.fanDutyPct);
    this.meter.reset();
    this.counters.startSession(settings.stratumSuggestedDifficulty);
    this.options.onBoot?.(atMs);
  }

  /** Crosses a long quiet gap at the current steady state: shares and averages in bulk, no per-second steps. */
  private jump(toMs: number): void {
    const gapMs = Math.floor((toMs - this.timeMs) / STEP_MS) * STEP_MS;
    if (gapMs <= 0) return;
    const hashing = this.asicRunning() && !this.faults.flatline;
    this.meter.skip(this.trueHashrateGhs, hashing, gapMs / 1000);
    this.counters.add({ hashrateGhs: this.trueHashrateGhs, errorPct: this.trueErrorPct, dtS: gapMs / 1000, profile: this.options.profile });
    this.timeMs += gapMs;
  }

  private measure(): SensorReadings {
    const { params, board, model } = this.options;
    return readSensors(board, {
      chipsC: params.thermal.chipOffsetsC.map((offset) => this.temps.chipC + offset),
      vrC: this.temps.vrC,
      boardPowerW: boardPowerW(params.power, this.asicW),
      asicPowerW: this.asicW,
      appliedCoreVoltageMv: this.appliedCoreVoltageMv,
      asicCount: model.asicCount,
      nominalInputV: model.inputVoltageV,
      fanDutyPct: this.fanDutyPct,
      fanSpinning: !this.faults.fanFailure,
      fanMaxRpm: params.fanMaxRpm,
      regulatorOffsetMv: params.regulatorOffsetMv,
    }, this.noise);
  }
}

function rampToward(current: number, target: number, maxStep: number): number {
  if (Math.abs(target - current) <= maxStep) return target;
  return current + Math.sign(target - current) * maxStep;
}

export interface PhysicsSnapshot {
  asicRunning: boolean;
  actualFrequencyMhz: number;
  appliedCoreVoltageMv: number;
  chipTempC: number;
  vrTempC: number;
  fanDutyPct: number;
  autoFan: boolean;
  asicPowerW: number;
  powerW: number;
  trueHashrateGhs: number;
  expectedHashrateGhs: number;
  trueErrorPct: number;
  measuredErrorPct: number;
  overheatTripped: boolean;
  shutdown: boolean;
  paused: boolean;
  sensors: SensorReadings;
  hashrate: ReturnType<HashrateMeter['readings']>;
}
