/**
 * Benchmarks inside the running service, for chat: start one in the background, follow it in one edited message,
 * stop it, read its results, apply a saved profile. At shutdown every running benchmark is cancelled, which restores
 * its miner's settings before the database closes.
 */
import type { MinerClient } from '../axeos/client.js';
import type { Clock } from '../core/clock.js';
import { UserError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import type { BenchActor, BenchGuard } from './guard-port.js';
import { progressText, type BenchProgress } from './progress.js';
import type { ChatTarget } from '../messaging/chat-target.js';
import { EditedMessage, type MessageEditor } from '../messaging/edited-message.js';
import type { MessageButton } from '../messaging/message.js';
import { BenchRepository, type BenchProfileRecord, type BenchRunRecord } from './repository.js';
import { runBenchmark, type BenchRunResult } from './run.js';
import type { BenchMode, BenchProfileName, Objective, PointResult } from './types.js';
import { describePoint } from './types.js';

/** What the service needs of the settings guard: the benchmark's part, and the miners it knows. */
export interface BenchServiceGuard extends BenchGuard {
  miner(name: string): { name: string; client: MinerClient; minerId(): number | null } | undefined;
}

export interface BenchServiceOptions {
  guard: BenchServiceGuard;
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
}

export interface RunningBenchmark {
  miner: string;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  startedBy: BenchActor;
  startedAt: number;
}

export interface StartBenchmarkRequest {
  miner: string;
  objective: Objective;
  mode: BenchMode;
  strategy?: string;
  apply?: boolean;
  /** Who asked; the run itself writes as the benchmark. */
  actor: BenchActor;
  /** The conversation the request came from: its progress goes there, one message edited in place. */
  chat?: ChatTarget;
}

interface ActiveRun {
  info: RunningBenchmark;
  controller: AbortController;
  done: Promise<BenchRunResult | null>;
}

export interface BenchResults {
  run: BenchRunRecord;
  points: PointResult[];
  profiles: BenchProfileRecord[];
}

/** The Stop button under a running benchmark's progress: an unsigned `c:` id, signed by the chat that shows it. */
export function benchStopButton(minerName: string): MessageButton {
  return { label: '■ Stop', id: `c:bench stop ${minerName}`, intent: 'danger' };
}

/** What the progress message says once the run ended; the result follows as a new message. */
export function benchEndNote(minerName: string): string {
  return `Benchmark of ${minerName}: over; the result is below.`;
}

export class BenchService implements Service {
  readonly name = 'benchmarks';
  private readonly repository: BenchRepository;
  private readonly active = new Map<string, ActiveRun>();
  private stopping = false;
  private editor: MessageEditor | null = null;

  constructor(private readonly options: BenchServiceOptions) {
    this.repository = new BenchRepository(options.store.db);
  }

  /** Runs a crash left 'running' are marked interrupted (the guard's restore points put their miners back). */
  start(): Promise<void> {
    this.stopping = false;
    const interrupted = this.repository.markInterrupted(this.options.clock.now());
    if (interrupted > 0) this.options.log.warn({ runs: interrupted }, 'benchmark runs interrupted by a restart were marked as such');
    return Promise.resolve();
  }

  /** Cancels every running benchmark and waits until each has given its miner back. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const run of this.active.values()) run.controller.abort();
    await Promise.all([...this.active.values()].map((run) => run.done));
  }

  /** Where progress messages are posted and edited (the platform registry); without it, runs report nowhere. */
  useMessaging(editor: MessageEditor): void {
    this.editor = editor;
  }

  running(): RunningBenchmark[] {
    return [...this.active.values()].map((run) => run.info);
  }

  /** Starts a benchmark in the background; refuses when one already runs on that miner or the miner is unknown. */
  begin(request: StartBenchmarkRequest): RunningBenchmark {
    const { guard, clock, log, config } = this.options;
    if (this.stopping) throw new UserError('axepilot is shutting down; no new benchmark now');
    const miner = guard.miner(request.miner);
    if (!miner) throw new UserError(`no miner called "${request.miner}"`);
    const existing = this.active.get(miner.name);
    if (existing) throw new UserError(`${miner.name} is already being benchmarked (since ${new Date(existing.info.startedAt).toISOString()})`);
    const controller = new AbortController();
    const info: RunningBenchmark = {
      miner: miner.name, strategy: request.strategy ?? 'smart', objective: request.objective, mode: request.mode,
      startedBy: request.actor, startedAt: clock.now(),
    };
    // A Stop button while it runs (an unsigned `c:` id: the chat signs it, and it runs with the presser's role), and the
    // end as a new message that rings.
    const message = request.chat && this.editor
      ? new EditedMessage({
        editor: this.editor, target: request.chat, clock, log,
        buttons: [[benchStopButton(miner.name)]],
        endNote: benchEndNote(miner.name),
      })
      : null;
    const progress = message
      ? { listener: (event: BenchProgress) => message.update(progressText(miner.name, event), { final: event.kind === 'finished' }) }
      : null;
    const done = runBenchmark({
      miner: miner.name, client: miner.client, guard, clock, config, strategy: info.strategy, objective: info.objective,
      mode: info.mode, apply: request.apply ?? false, repository: this.repository, minerId: miner.minerId(),
      signal: controller.signal, onProgress: progress?.listener, log,
      actor: { kind: 'benchmark', id: `bench:${request.actor.id}`, name: `benchmark started by ${request.actor.name ?? request.actor.id}` },
    }).then(
      (result) => result,
      (error: unknown) => {
        // Nothing was written yet (the miner did not answer, or the guard refused the lock): say so where progress goes.
        log.warn({ miner: miner.name, err: errorMessage(error) }, 'benchmark could not start');
        message?.update(`Benchmark of ${miner.name} could not start: ${errorMessage(error)}`, { final: true });
        return null;
      },
    ).finally(async () => {
      message?.flush();
      await message?.settled();
      this.active.delete(miner.name);
    });
    this.active.set(miner.name, { info, controller, done });
    return info;
  }

  /** Waits for a miner's running benchmark to end (tests, the CLI); null when none runs. */
  async finished(minerName: string): Promise<BenchRunResult | null> {
    const run = this.findActive(minerName);
    return run ? run.done : null;
  }

  /** Cancels the benchmark on one miner, or on all when no miner is named; returns the miners stopped. */
  cancel(minerName?: string): string[] {
    const runs = minerName === undefined ? [...this.active.values()] : [this.findActive(minerName)].filter((r): r is ActiveRun => r !== undefined);
    for (const run of runs) run.controller.abort();
    return runs.map((run) => run.info.miner);
  }

  results(minerName: string): BenchResults | null {
    const run = this.repository.latestRun(minerName);
    if (!run) return null;
    return { run, points: this.repository.points(run.id), profiles: this.repository.profiles(run.minerName) };
  }

  profile(minerName: string, profile: BenchProfileName): BenchProfileRecord | null {
    return this.repository.profile(this.options.guard.miner(minerName)?.name ?? minerName, profile);
  }

  /** Applies a saved profile through the guard, like any other settings change (checked, audited, undoable). */
  async applyProfile(request: { miner: string; profile: BenchProfileName; actor: BenchActor }): Promise<BenchProfileRecord> {
    const saved = this.profile(request.miner, request.profile);
    if (!saved) throw new UserError(`${request.miner} has no ${request.profile} profile yet; run /bench ${request.miner} first`);
    await this.options.guard.apply({
      miner: saved.minerName, settings: saved.point, actor: request.actor,
      reason: `benchmark profile ${request.profile} (${describePoint(saved.point)}, run ${saved.runId})`,
    });
    return saved;
  }

  private findActive(minerName: string): ActiveRun | undefined {
    const key = minerName.toLowerCase();
    return [...this.active.values()].find((run) => run.info.miner.toLowerCase() === key);
  }
}
