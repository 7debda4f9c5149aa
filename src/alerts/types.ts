import type { MinerObservations } from './engine/observations.js';
import type { AlertSettings, MinerLimits } from './settings.js';

import { SEVERITY_RANK, type Severity } from '../messaging/message.js';

export { SEVERITY_RANK, type Severity };

export function higherSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** What one rule concludes from the latest observations of one miner. */
export interface Condition {
  active: boolean;
  severity: Severity;
  /**
   * Active: the problem with its value and threshold (`chip 76.3 °C (critical ≥ 75 °C)`). Inactive: how it ended
   * (`chip temperature back to 68.9 °C`), used in the resolved message.
   */
  summary: string;
  value?: number;
  /** When the problem really began if before this observation (offline: the last good poll); starts the "for" clock. */
  since?: number;
  /** Do not fire before this instant even if the "for" has elapsed (offline during a restart axepilot asked for). */
  notBefore?: number;
}

/** What made the engine look at a miner again. */
export type RuleTrigger = 'sample' | 'offline' | 'online' | 'reboot' | 'flapping' | 'tick' | 'storage';

export interface RuleContext {
  now: number;
  miner: string;
  trigger: RuleTrigger;
  observations: MinerObservations;
  limits: MinerLimits;
  settings: AlertSettings;
  /** This rule's open alert on this miner, for hysteresis: a firing alert clears below the line, not at it. */
  current: { state: 'pending' | 'firing'; severity: Severity } | null;
}

/**
 * One alert rule. `state` rules fire, remind and resolve; `event` rules fire once (an unexpected reboot) and `news`
 * rules announce good news once; neither of the last two ever resolves or repeats.
 */
export interface AlertRule {
  id: string;
  /** What the owner calls the problem: `chip temperature`, `offline`. */
  title: string;
  kind: 'state' | 'event' | 'news';
  /** Which observations this rule judges; on others it is not asked. `tick` re-judges only its pending alerts. */
  triggers: readonly RuleTrigger[];
  /** How long the condition must hold before the alert fires (0 = at once). */
  forMs?: (settings: AlertSettings) => number;
  /** How long the condition must stay clear before a firing alert resolves, so noise at the line does not flap. */
  clearForMs?: number;
  /** The resolved message's duration: since the alert fired (default) or since the problem began (an outage). */
  durationFrom?: 'fired' | 'start';
  /** One-shot rules: no second message for the same miner within this time (two signals of one block). */
  cooldownMs?: number;
  /** null = nothing to judge from this observation (no reading): the alert keeps its state. */
  evaluate(ctx: RuleContext): Condition | null;
}
