/** The settings guard: every write to a miner, checked, audited and undoable; locks and crash-safe restore points. */
export {
  SettingsGuard, GuardRefusal, FirmwareLacksFeatureError, RestorePendingError,
  type Actor, type GuardedMiner, type MinerLock, type SettingsGuardOptions, type CheckResult,
} from './guard.js';
export { describeActor } from './actor.js';
export { AuditLog, type AuditEntry, type AuditAction, type AuditResult } from './audit-log.js';
export type { UndoEntry } from './undo-stack.js';
export { allowedRanges, deviceOptions, rangeRefusal, TEMP_TARGET_RANGE_C, type AllowedRanges, type DeviceOptions } from './limits.js';
export { describeChange, describeSettings, settingsFromTelemetry } from './settings.js';
export { guardedMinerOf, type PolledMinerState } from './fleet-miners.js';
export { RestoreRecoveryService } from './recovery-service.js';
export { firmwareHasPauseResume } from './firmware-features.js';
