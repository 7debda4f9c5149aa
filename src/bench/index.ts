/** The benchmark engine's public surface: the run, the service for chat, results storage, strategies, progress. */
export { runBenchmark, DEFAULT_POLL_MS, type RunBenchmarkOptions, type BenchRunResult } from './run.js';
export {
  BenchService, type BenchServiceOptions, type BenchServiceGuard, type StartBenchmarkRequest, type RunningBenchmark,
  type BenchResults,
} from './service.js';
export { BenchRepository, type BenchRunRecord, type BenchProfileRecord, type BenchRunState, type BenchRunOutcome } from './repository.js';
export { progressText, describeResult, type BenchProgress, type ProgressListener, type BestSoFar } from './progress.js';
export { STRATEGIES, DEFAULT_STRATEGY, strategyByName, type BenchStrategy } from './strategies/index.js';
export { choosePoint, BALANCED_EFFICIENCY_SLACK } from './objectives.js';
export { gatesFor, type BenchGates } from './gates.js';
export { benchResultJson } from './result-json.js';
export type { BenchActor, BenchGuard, BenchLock, AllowedRanges } from './guard-port.js';
export {
  OBJECTIVES, BENCH_MODES, PROFILE_NAMES, PROFILE_OF, describePoint,
  type Objective, type BenchMode, type BenchProfileName, type OperatingPoint, type PointResult, type Measurement,
} from './types.js';
