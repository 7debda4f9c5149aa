import type { AlertRule } from '../types.js';
import { bestDifficultyRule } from './best-difficulty.js';
import { blockFoundRule } from './block-found.js';
import { chipTempRule } from './chip-temp.js';
import { fallbackPoolRule } from './fallback-pool.js';
import { fanFailureRule } from './fan-failure.js';
import { hardwareFaultRule, powerFaultRule } from './firmware-fault.js';
import { flappingRule } from './flapping.js';
import { firmwareProtectionRule } from './firmware-protection.js';
import { flatlineRule } from './flatline.js';
import { inputVoltageRule } from './input-voltage.js';
import { lowHashrateRule } from './low-hashrate.js';
import { offlineRule } from './offline.js';
import { overheatModeRule } from './overheat-mode.js';
import { rejectedSharesRule } from './rejected-shares.js';
import { storageFailingRule } from './storage-failing.js';
import { unexpectedRebootRule } from './unexpected-reboot.js';
import { vrTempRule } from './vr-temp.js';

/** Every alert rule, in the order their messages are listed. Adding a rule = one file + one line here. */
export const ALERT_RULES: readonly AlertRule[] = [
  offlineRule,
  flappingRule,
  overheatModeRule,
  firmwareProtectionRule,
  powerFaultRule,
  hardwareFaultRule,
  chipTempRule,
  vrTempRule,
  fanFailureRule,
  flatlineRule,
  lowHashrateRule,
  inputVoltageRule,
  rejectedSharesRule,
  fallbackPoolRule,
  unexpectedRebootRule,
  bestDifficultyRule,
  blockFoundRule,
  storageFailingRule,
];

export function ruleById(id: string): AlertRule | undefined {
  return ALERT_RULES.find((rule) => rule.id === id);
}
