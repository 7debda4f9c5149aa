import type { MinerModel, ModelId } from '../axeos/models.js';
import type { AmbientPoint } from './ambient.js';
import type { FaultWindow } from './fault-schedule.js';
import type { SimFault } from './faults.js';
import type { PhysicsSnapshot } from './physics.js';
import type { FirmwareId, FirmwareProfile } from './profiles.js';
import type { FlashSettings } from './settings.js';
import type { ShareCounters } from './share-counters.js';

/** The true internal state of a simulated device (`state()` and `GET /__sim/state`): no sensor noise, no rounding. */
export interface SimMinerState {
  model: ModelId;
  firmware: FirmwareId;
  mac: string;
  /** Answers HTTP now (not 'offline', not rebooting). */
  online: boolean;
  rebooting: boolean;
  uptimeS: number;
  settings: FlashSettings;
  asicRunning: boolean;
  actualFrequencyMhz: number;
  appliedCoreVoltageMv: number;
  chipTempC: number;
  vrTempC: number;
  ambientC: number;
  /** The schedule the room temperature follows, or null for a fixed one. */
  ambientSchedule: AmbientPoint[] | null;
  fan: { dutyPct: number; rpm: number; auto: boolean };
  powerW: number;
  hashrateGhs: number;
  expectedHashrateGhs: number;
  errorPct: number;
  /** `trips`: how often the firmware's protection tripped since power-on. */
  overheat: { tripped: boolean; mode: number; trips: number };
  miningPaused: boolean;
  shutdown: boolean;
  identifying: boolean;
  /** The faults in force now. */
  faults: SimFault[];
  /** Every fault in force or still to come, with its timing. */
  faultWindows: FaultWindow[];
  shares: { accepted: number; rejected: number; bestDiff: number; bestSessionDiff: number; blockFound: number; poolDifficulty: number };
}

export function describeState(parts: {
  model: MinerModel;
  profile: FirmwareProfile;
  settings: FlashSettings;
  physics: PhysicsSnapshot;
  counters: ShareCounters;
  faults: SimFault[];
  faultWindows: FaultWindow[];
  mac: string;
  online: boolean;
  rebooting: boolean;
  uptimeS: number;
  ambientC: number;
  ambientSchedule: AmbientPoint[] | null;
  overheatTrips: number;
  identifying: boolean;
}): SimMinerState {
  const { physics, counters, settings } = parts;
  return {
    model: parts.model.id,
    firmware: parts.profile.id,
    mac: parts.mac,
    online: parts.online,
    rebooting: parts.rebooting,
    uptimeS: parts.uptimeS,
    settings: { ...settings },
    asicRunning: physics.asicRunning,
    actualFrequencyMhz: physics.actualFrequencyMhz,
    appliedCoreVoltageMv: physics.appliedCoreVoltageMv,
    chipTempC: physics.chipTempC,
    vrTempC: physics.vrTempC,
    ambientC: parts.ambientC,
    ambientSchedule: parts.ambientSchedule,
    fan: { dutyPct: physics.fanDutyPct, rpm: physics.sensors.fanRpm, auto: physics.autoFan },
    powerW: physics.powerW,
    hashrateGhs: physics.trueHashrateGhs,
    expectedHashrateGhs: physics.expectedHashrateGhs,
    errorPct: physics.trueErrorPct,
    overheat: { tripped: physics.overheatTripped, mode: settings.overheatMode, trips: parts.overheatTrips },
    miningPaused: physics.paused,
    shutdown: physics.shutdown,
    identifying: parts.identifying,
    faults: parts.faults,
    faultWindows: parts.faultWindows,
    shares: {
      accepted: counters.accepted,
      rejected: counters.rejected,
      bestDiff: counters.bestDiff,
      bestSessionDiff: counters.bestSessionDiff,
      blockFound: counters.blockFound,
      poolDifficulty: counters.poolDifficulty,
    },
  };
}
