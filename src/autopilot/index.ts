/**
 * The autopilot: holds each miner at its best safe point on a ladder of benchmarked points, heals stalls and
 * overheat trips, and says what it did and why. The service is fed by the fleet bus (or `observe`) and writes only
 * through the settings guard; the policy is pure and reusable (tests, `npm run bench:autopilot`).
 */
export { AutopilotService, AUTOPILOT_ACTOR, NeedsBenchmarkError, type AutopilotServiceOptions, type AutopilotStatus } from './service.js';
export type { AutopilotGuard } from './pilot-context.js';
export { decide, holdOffUntil, type Decision, type PolicyInput, type PolicyTuning } from './policy.js';
export { breaches, headroomShortfall, type Breach } from './limit-check.js';
export { ladderFromBenchmark, protectLadder, ceilingIndex, nearestRungIndex, onFrequencyGrid } from './ladder.js';
export { LadderSource, type BenchmarkLadder } from './ladder-source.js';
export { limitsFor, modeFor, tuningFrom } from './settings.js';
export { zeroHashCheck, type HealVerdict, type HealingTuning } from './healing.js';
export { updateDrift } from './drift.js';
export { ReadingWindow, readingOf, summarizeWindow, type WindowReading, type WindowStats } from './window.js';
export { AutopilotRepository, type DecisionRecord, type DecisionKind } from './repository.js';
export { alertNotificationOf, AUTOPILOT_RULE, type AutopilotNotice, type NoticeSink } from './notices.js';
export { initialState, type MinerAutopilotState } from './state.js';
export {
  AUTOPILOT_MODES, LIMIT_KEYS, emptyMemory, rungKey, rungText,
  type AutopilotLimits, type AutopilotMode, type LimitKey, type PolicyMemory, type ReturnMark, type Rung,
} from './types.js';
