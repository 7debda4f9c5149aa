/**
 * The autopilot in the running service: listens to the fleet bus, runs one pilot per miner, keeps every miner's state
 * in SQLite (a restart continues where it was), and answers chat: modes, limits, status, the decision log.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import { NO_ACTIVITY, type ActivityCounters } from '../core/activity.js';
import type { Clock } from '../core/clock.js';
import { UserError, errorMessage } from '../core/errors.js';
import type { TypedEventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { Config } from '../config/schema.js';
import { autopilotLimitsShape } from '../config/autopilot-schema.js';
import type { Actor } from '../control/actor.js';
import { describeActor } from '../control/actor.js';
import type { FleetEvents, SettingsSnapshot } from '../fleet/events.js';
import type { Store } from '../store/store.js';
import { looksLikeOverheatTrip } from './healing.js';
import { nearestRungIndex } from './ladder.js';
import { LadderSource } from './ladder-source.js';
import { MinerPilot } from './miner-pilot.js';
import type { NoticeSink } from './notices.js';
import { LadderBook, type AutopilotGuard, type PilotContext } from './pilot-context.js';
import { AutopilotRepository, type DecisionRecord } from './repository.js';
import { initialState } from './state.js';
import type { MinerSettings } from '../axeos/telemetry.js';
import { readingOf } from './window.js';
import { LIMIT_LABELS, type AutopilotLimits, type AutopilotMode, type LimitKey, type Rung } from './types.js';

export const AUTOPILOT_ACTOR: Actor = { kind: 'autopilot', id: 'autopilot', name: 'autopilot' };

export interface AutopilotServiceOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
  guard: AutopilotGuard;
  /** The fleet bus (samples, settingsChanged, rebooted, online); without it, feed `observe` yourself. */
  bus?: TypedEventBus<FleetEvents>;
  /** Where notices go (main: the alert delivery); none = only the log and the decision table. */
  notify?: NoticeSink;
  /** Starts a quick benchmark (the nightly re-benchmark after drift). */
  startBenchmark?: (miner: string) => void;
  /** Where its actions are counted (main: the metrics, once integrations are up; see `useActivity`). */
  activity?: ActivityCounters;
}

/** Turning on hashrate or efficiency needs a ladder, and a ladder needs a benchmark. */
export class NeedsBenchmarkError extends UserError {
  constructor(readonly miner: string, mode: AutopilotMode) {
    super(`${miner} has no benchmark yet, so the autopilot has no validated points to move between in ${mode} mode; ` +
      `it can only protect it. Run a quick benchmark first (/bench ${miner} quick).`);
  }
}

export interface AutopilotStatus {
  miner: string;
  mode: AutopilotMode;
  /** The mode in force now (a schedule may change it). */
  modeNow: AutopilotMode;
  rung: { frequencyMhz: number; coreVoltageMv: number } | null;
  rungIndex: number | null;
  rungs: number;
  limits: AutopilotLimits;
  pausedUntil: number | null;
  pauseReason: string | null;
  lastDecision: { at: number; text: string } | null;
  now: string | null;
  hasBenchmark: boolean;
}

export class AutopilotService implements Service {
  readonly name = 'autopilot';
  private readonly repository: AutopilotRepository;
  private readonly pilots = new Map<string, MinerPilot>();
  private readonly latest = new Map<string, Telemetry>();
  private readonly busy = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly saved = new Map<string, string>();
  private readonly ctx: PilotContext;
  private unsubscribe: Array<() => void> = [];
  private activity: ActivityCounters;

  constructor(private readonly options: AutopilotServiceOptions) {
    this.activity = options.activity ?? NO_ACTIVITY;
    this.repository = new AutopilotRepository(options.store.db);
    this.ctx = {
      config: options.config, clock: options.clock, log: options.log, guard: options.guard, actor: AUTOPILOT_ACTOR,
      ladders: new LadderBook(new LadderSource(options.store), options.guard, options.clock),
      record: (entry, severity) => this.record(entry, severity),
      ...(options.startBenchmark ? { startBenchmark: options.startBenchmark } : {}),
    };
  }

  start(): Promise<void> {
    const bus = this.options.bus;
    if (bus) {
      this.unsubscribe = [
        bus.on('sample', ({ miner, telemetry }) => this.observe(miner.name, telemetry)),
        bus.on('settingsChanged', ({ miner, at, before, after }) => this.settingsChanged(miner.name, before, after, at)),
        bus.on('rebooted', ({ miner }) => this.pilotOf(miner.name)?.window.clear()),
        bus.on('online', ({ miner }) => this.pilotOf(miner.name)?.window.clear()),
      ];
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.idle();
  }

  /** Counts its actions here from now on: the metrics start after the autopilot in main. */
  useActivity(counters: ActivityCounters): void {
    this.activity = counters;
  }

  /** Resolves when no poll is being handled (tests, the bench, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /** One good poll of a miner (what the bus's `sample` carries). */
  observe(miner: string, telemetry: Telemetry): Promise<void> {
    this.latest.set(miner.toLowerCase(), telemetry);
    const pilot = this.pilotOf(miner);
    if (!pilot) return Promise.resolve();
    if (this.busy.has(pilot.name)) {
      // One decision at a time per miner; the reading still counts.
      if (telemetry.overheat !== true) pilot.window.add(readingOf(telemetry));
      return Promise.resolve();
    }
    this.busy.add(pilot.name);
    const work = pilot.onSample(telemetry)
      .catch((error: unknown) => this.options.log.error({ miner: pilot.name, err: errorMessage(error) }, 'autopilot step failed'))
      .finally(() => {
        this.busy.delete(pilot.name);
        this.persist(pilot);
        this.inflight.delete(work);
      });
    this.inflight.add(work);
    return work;
  }

  /** Frequency, voltage or fan changed between two polls: its own write, the firmware's protection, or someone else. */
  settingsChanged(miner: string, before: SettingsSnapshot, after: SettingsSnapshot, at: number): void {
    const pilot = this.pilotOf(miner);
    if (!pilot || pilot.state.mode === 'off') return;
    if (this.options.guard.holderRefusal(pilot.name) !== null) return;
    if (ownChange(after, pilot.state.lastWritten?.settings ?? null)) return;
    const telemetry = this.latest.get(miner.toLowerCase()) ?? null;
    pilot.onOutsideChange(changeWords(before, after), looksLikeOverheatTrip(after, telemetry?.overheat ?? null), telemetry, at);
    this.persist(pilot);
  }

  /** Turns the autopilot on in a mode, or off. Hashrate and efficiency need a benchmark (NeedsBenchmarkError). */
  setMode(miner: string, mode: AutopilotMode, by: Actor): string {
    const pilot = this.requirePilot(miner);
    this.ctx.ladders.forget(pilot.name);
    if ((mode === 'hashrate' || mode === 'efficiency') && !this.ctx.ladders.benchmark(pilot.name)) throw new NeedsBenchmarkError(pilot.name, mode);
    const wasOff = pilot.state.mode === 'off';
    pilot.state.mode = mode;
    pilot.state.pausedUntil = null;
    pilot.state.pauseReason = null;
    pilot.state.pendingVoltage = null;
    if (mode !== 'off') {
      if (wasOff || mode === 'protect') pilot.state.owner = this.options.guard.currentSettings(pilot.name);
      pilot.state.rung = null;
      pilot.state.memory = { ...pilot.state.memory, headroomSince: null };
    }
    const text = mode === 'off' ? `autopilot off (by ${describeActor(by)}); the miner keeps its current settings`
      : `autopilot on in ${mode} mode (by ${describeActor(by)})`;
    pilot.decided('mode', null, null, text, 'info', this.options.clock.now());
    this.persist(pilot);
    return text;
  }

  /** Sets one of a miner's limits from chat (null: back to the config's). */
  setLimit(miner: string, key: LimitKey, value: number | null, by: Actor): string {
    const pilot = this.requirePilot(miner);
    if (value !== null) {
      const parsed = autopilotLimitsShape[key].safeParse(value);
      if (!parsed.success) throw new UserError(`${value} ${LIMIT_LABELS[key].unit} is not allowed for the ${LIMIT_LABELS[key].name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    const limits = { ...pilot.state.limits };
    if (value === null) delete limits[key];
    else limits[key] = value;
    pilot.state.limits = limits;
    const { name, unit } = LIMIT_LABELS[key];
    const text = `${name} ${value === null ? 'back to the configured value' : `set to ${value} ${unit}`} (by ${describeActor(by)})`;
    pilot.decided('limit', null, null, text, 'info', this.options.clock.now());
    this.persist(pilot);
    return text;
  }

  status(miner?: string): AutopilotStatus[] {
    const names = miner === undefined ? this.minerNames() : [this.requirePilot(miner).name];
    const now = this.options.clock.now();
    return names.flatMap((name) => {
      const pilot = this.pilotOf(name);
      if (!pilot) return [];
      const telemetry = this.latest.get(name.toLowerCase()) ?? null;
      const modeNow = pilot.effectiveMode(now);
      const { ladder } = pilot.ladder(modeNow, telemetry);
      const index = pilot.state.rung ? nearestRungIndex(ladder, pilot.state.rung) : null;
      return [{
        miner: pilot.name, mode: pilot.state.mode, modeNow, rung: pilot.state.rung, rungIndex: index, rungs: ladder.length,
        limits: pilot.limits(telemetry, now), pausedUntil: pilot.state.pausedUntil, pauseReason: pilot.state.pauseReason,
        lastDecision: pilot.state.lastDecision, now: pilot.holdReason, hasBenchmark: this.ctx.ladders.benchmark(pilot.name) !== null,
      }];
    });
  }

  /** The rungs a miner would move between in a mode (its current one by default). */
  ladder(miner: string, mode?: AutopilotMode): Rung[] {
    const pilot = this.requirePilot(miner);
    return pilot.ladder(mode ?? pilot.effectiveMode(this.options.clock.now()), this.latest.get(pilot.name.toLowerCase()) ?? null).ladder;
  }

  decisions(miner: string, query: { limit: number; sinceTs?: number }): DecisionRecord[] {
    return this.repository.decisions(this.requirePilot(miner).name, query);
  }

  /** Moves and restarts in [fromMs, toMs), for the digest. */
  countDecisions(fromMs: number, toMs: number): number {
    return this.repository.countBetween(fromMs, toMs);
  }

  private minerNames(): string[] {
    const names = new Set<string>([...this.pilots.values()].map((p) => p.name));
    for (const key of this.latest.keys()) names.add(this.options.guard.miner(key)?.name ?? key);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  private requirePilot(miner: string): MinerPilot {
    const pilot = this.pilotOf(miner);
    if (!pilot) throw new UserError(`no miner called "${miner}"`);
    return pilot;
  }

  /** The miner's pilot, created with its stored state on first use; undefined for a miner the guard does not know. */
  private pilotOf(miner: string): MinerPilot | undefined {
    const known = this.options.guard.miner(miner);
    if (!known) return undefined;
    const key = known.name.toLowerCase();
    let pilot = this.pilots.get(key);
    if (!pilot) {
      const state = this.repository.load(known.name) ?? initialState();
      pilot = new MinerPilot(known.name, state, this.ctx);
      this.saved.set(key, JSON.stringify(state));
      this.pilots.set(key, pilot);
    }
    return pilot;
  }

  private persist(pilot: MinerPilot): void {
    const json = JSON.stringify(pilot.state);
    const key = pilot.name.toLowerCase();
    if (this.saved.get(key) === json) return;
    try {
      this.repository.save(pilot.name, pilot.state, this.options.clock.now());
      this.saved.set(key, json);
    } catch (error) {
      this.options.log.error({ miner: pilot.name, err: errorMessage(error) }, 'cannot save autopilot state');
    }
  }

  private record(entry: Omit<DecisionRecord, 'id'>, severity: 'info' | 'warning' | 'critical'): void {
    this.options.log.info({ miner: entry.miner, kind: entry.kind, reason: entry.reason }, 'autopilot');
    try {
      this.repository.addDecision(entry);
    } catch (error) {
      this.options.log.error({ miner: entry.miner, err: errorMessage(error) }, 'cannot record autopilot decision');
    }
    if (entry.kind === 'hold' && severity === 'info') return;
    try {
      this.activity.autopilotAction(entry.miner, entry.kind);
    } catch (error) {
      this.options.log.error({ miner: entry.miner, err: errorMessage(error) }, 'autopilot action not counted');
    }
    try {
      this.options.notify?.({ miner: entry.miner, severity, text: entry.reason, at: entry.ts });
    } catch (error) {
      this.options.log.error({ miner: entry.miner, err: errorMessage(error) }, 'autopilot notice not delivered');
    }
  }
}

/** Whether what the poll shows now is what the autopilot wrote last (the firmware reports C-float artefacts). */
function ownChange(after: SettingsSnapshot, written: MinerSettings | null): boolean {
  if (!written) return false;
  if (written.frequencyMhz !== undefined && (after.frequencyMhz === null || Math.abs(after.frequencyMhz - written.frequencyMhz) > 0.5)) return false;
  if (written.coreVoltageMv !== undefined && (after.coreVoltageMv === null || Math.abs(after.coreVoltageMv - written.coreVoltageMv) > 1)) return false;
  if (written.autoFan !== undefined && after.autoFan !== null && after.autoFan !== written.autoFan) return false;
  return true;
}

function changeWords(before: SettingsSnapshot, after: SettingsSnapshot): string {
  const parts: string[] = [];
  if (before.frequencyMhz !== after.frequencyMhz) parts.push(`${before.frequencyMhz ?? '?'} → ${after.frequencyMhz ?? '?'} MHz`);
  if (before.coreVoltageMv !== after.coreVoltageMv) parts.push(`${before.coreVoltageMv ?? '?'} → ${after.coreVoltageMv ?? '?'} mV`);
  if (before.autoFan !== after.autoFan || before.fanPct !== after.fanPct) {
    const fan = (s: SettingsSnapshot): string => (s.autoFan ? 'auto' : s.fanPct === null ? 'manual' : `${s.fanPct} %`);
    parts.push(`fan ${fan(before)} → ${fan(after)}`);
  }
  if (before.tempTargetC !== after.tempTargetC) parts.push(`target ${before.tempTargetC ?? '?'} → ${after.tempTargetC ?? '?'} °C`);
  return parts.join(', ') || 'settings';
}

