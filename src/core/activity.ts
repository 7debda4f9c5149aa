/**
 * Counters that engines bump for the metrics endpoint without importing it (engines sit below integrations in the
 * dependency order). The autopilot counts its actions here; the metrics module implements it, and `NO_ACTIVITY`
 * stands in when metrics are off.
 */
export interface ActivityCounters {
  /** One autopilot decision carried out on a miner (by the owner's name for it), e.g. `frequencyDown`, `revert`. */
  autopilotAction(miner: string, action: string): void;
}

export const NO_ACTIVITY: ActivityCounters = { autopilotAction: () => undefined };
