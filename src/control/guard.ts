/**
 * The settings guard: the ONLY path that writes to a miner. Chat commands, the benchmark and the autopilot ask here;
 * each request is checked against the device's own options, the configured ceilings, the lock holder and the write
 * rate, then audited (who, what, from → to, result) and remembered for undo.
 */
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import type { Actor, GuardedMiner } from './actor.js';
import { AuditLog, type AuditAction, type AuditEntry } from './audit-log.js';
import { GuardRefusal, lacksFeature } from './errors.js';
import { KnownSettings } from './known-settings.js';
import { allowedRanges, rangeRefusal, type AllowedRanges } from './limits.js';
import { localClock } from '../core/local-time.js';
import { heldRefusal, interruptedRefusal, LockBook } from './locks.js';
import { MinerLocking, type MinerLock } from './locking.js';
import { belongsTo, RestorePoints, type MinerIdentity, type RestorePoint } from './restore-points.js';
import { normalizeMac } from '../store/miners.js';
import { SettingsRestorer } from './restorer.js';
import { isEmptySettings, replacedValues, settingsFromTelemetry } from './settings.js';
import { UndoStack, type UndoEntry } from './undo-stack.js';
import { WriteBudget } from './write-budget.js';
import { PerMinerQueue } from './per-miner-queue.js';

export type { Actor, GuardedMiner } from './actor.js';
export { FirmwareLacksFeatureError, GuardRefusal, RestorePendingError } from './errors.js';
export type { MinerLock } from './locking.js';

/** How long after a restart asked through the guard a reboot (and the outage around it) is expected. */
const RESTART_GRACE_MS = 2 * 60_000;

export interface SettingsGuardOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  limits: Config['limits'];
  /** Tells the alert engine a reboot is expected (`AlertEngine.expectRestart`). */
  onRestartRequested?: (minerName: string, untilMs: number) => void;
  /** Zone for times in refusals ("since 14:02"); default: the system's. */
  timeZone?: string;
  /** Settings writes per miner per rolling 24 h, by kind of actor (`autopilot: 48`): a loop must not wear the flash. */
  dailyWriteBudgets?: Partial<Record<Actor['kind'], number>>;
}

/** Who a guarded miner is: its name, the MAC of its last poll, the host it is reached at. */
function identityOf(miner: GuardedMiner): MinerIdentity {
  return { name: miner.name, mac: normalizeMac(miner.telemetry()?.mac), host: miner.host ?? null };
}

export type CheckResult = { ok: true } | { ok: false; reason: string };

export class SettingsGuard {
  private readonly miners = new Map<string, GuardedMiner>();
  private readonly known = new KnownSettings();
  private readonly queue = new PerMinerQueue();
  private readonly budget: WriteBudget;
  private readonly timeZone: string;
  private readonly audit: AuditLog;
  private readonly undoStack: UndoStack;
  private readonly restorePoints: RestorePoints;
  private readonly locks = new LockBook();
  private readonly locking: MinerLocking;

  constructor(private readonly options: SettingsGuardOptions) {
    const { db } = options.store;
    this.timeZone = options.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    this.audit = new AuditLog(db);
    this.undoStack = new UndoStack(db);
    this.restorePoints = new RestorePoints(db);
    this.budget = new WriteBudget({ clock: options.clock, audit: this.audit, limits: options.limits, dailyWriteBudgets: options.dailyWriteBudgets, timeZone: this.timeZone });
    const restorer = new SettingsRestorer({
      clock: options.clock, log: options.log, audit: this.audit, restorePoints: this.restorePoints,
      onWritten: (miner, settings) => {
        this.budget.recordWrite(miner);
        this.known.rememberWritten(miner, settings, options.clock.now());
      },
    });
    this.locking = new MinerLocking({
      clock: options.clock, log: options.log, locks: this.locks, restorePoints: this.restorePoints, restorer,
      miner: (name) => this.miner(name),
      minerFor: (point) => this.minerFor(point),
      pointFor: (miner) => this.restorePoints.forMiner(identityOf(miner)),
      exclusive: (miner, run) => this.exclusive(miner, run),
      accessRefusal: (miner, token) => this.accessRefusal(miner, token),
      rangeRefusal: (miner, settings) => rangeRefusal(miner.name, settings, this.known.options(miner), options.limits),
      write: (miner, settings, entry) => this.write(miner, settings, entry),
      record: (...args) => this.record(...args),
      refuse: (...args) => this.refuse(...args),
      pushUndo: (...args) => this.pushUndo(...args),
    });
  }

  addMiner(miner: GuardedMiner): void {
    this.miners.set(miner.name, miner);
  }

  /** By name, case-insensitively. */
  miner(name: string): GuardedMiner | undefined {
    const exact = this.miners.get(name);
    if (exact) return exact;
    const key = name.toLowerCase();
    return [...this.miners.values()].find((m) => m.name.toLowerCase() === key);
  }

  /**
   * The configured miner a restore point belongs to: one whose MAC (from its last poll) matches first, else one with
   * the same name or host whose MAC is not known yet (the restore itself checks the MAC before it writes).
   */
  minerFor(point: RestorePoint): GuardedMiner | undefined {
    const miners = [...this.miners.values()];
    const pointMac = normalizeMac(point.mac);
    const byMac = pointMac === null ? undefined : miners.find((m) => identityOf(m).mac === pointMac);
    return byMac ?? miners.find((m) => belongsTo(point, identityOf(m)));
  }

  /** This miner's restore point, if a run left one (under whatever name it used). */
  restorePointOf(minerName: string): RestorePoint | null {
    const miner = this.miner(minerName);
    return miner ? this.restorePoints.forMiner(identityOf(miner)) : null;
  }

  /**
   * After a release whose restore is still retrying: waits until the miner confirms its settings from before, or the
   * signal aborts (a deadline). True when no restore point of this miner is left.
   */
  async restoreSettled(minerName: string, signal: AbortSignal): Promise<boolean> {
    const miner = this.requireMiner(minerName);
    return this.locking.settled(miner, signal);
  }

  /** Dry run: would this be allowed now? (for confirmation prompts) */
  check(minerName: string, settings: MinerSettings, options: { lockToken?: string; actor?: Actor } = {}): CheckResult {
    const miner = this.miner(minerName);
    if (!miner) return { ok: false, reason: `no miner called "${minerName}"` };
    if (isEmptySettings(settings)) return { ok: false, reason: `${miner.name}: nothing to change` };
    const reason = this.accessRefusal(miner.name, options.lockToken)
      ?? rangeRefusal(miner.name, settings, this.known.options(miner), this.options.limits)
      ?? this.budget.refusal(miner.name, options.actor);
    return reason === null ? { ok: true } : { ok: false, reason };
  }

  /** Why a request without a lock token may not touch the miner now (a benchmark holds it, a restore is pending). */
  holderRefusal(minerName: string): string | null {
    const miner = this.miner(minerName);
    return miner ? this.accessRefusal(miner.name, undefined) : `no miner called "${minerName}"`;
  }

  /**
   * `check` before a confirmation prompt, on behalf of `actor`: a refusal is audited like one inside the guard, so
   * every refusal is in the audit log, whether it came before the Confirm button or after.
   */
  checkFor(request: { miner: string; settings: MinerSettings; actor: Actor; action?: AuditAction }): CheckResult {
    const verdict = this.check(request.miner, request.settings);
    const miner = this.miner(request.miner);
    if (!verdict.ok && miner) {
      this.record(miner, request.actor, request.action ?? 'set', 'refused', this.currentSettings(miner.name), request.settings, verdict.reason);
    }
    return verdict;
  }

  /** `holderRefusal` on behalf of `actor`, audited when it refuses. */
  holderRefusalFor(request: { miner: string; actor: Actor; action: AuditAction }): string | null {
    const refusal = this.holderRefusal(request.miner);
    const miner = this.miner(request.miner);
    if (refusal !== null && miner) this.record(miner, request.actor, request.action, 'refused', null, null, refusal);
    return refusal;
  }

  allowedRanges(minerName: string): AllowedRanges {
    const miner = this.requireMiner(minerName);
    const options = this.known.options(miner);
    if (!options) throw new GuardRefusal(rangeRefusal(miner.name, { frequencyMhz: 1 }, null, this.options.limits) ?? miner.name);
    return allowedRanges(options, this.options.limits);
  }

  /** The settings in force as far as the guard knows: the last poll, overlaid with writes made since. */
  currentSettings(minerName: string): MinerSettings | null {
    const miner = this.miner(minerName);
    return miner ? this.known.current(miner) : null;
  }

  async apply(request: { miner: string; settings: MinerSettings; actor: Actor; lockToken?: string; reason?: string }): Promise<void> {
    const miner = this.requireMiner(request.miner);
    await this.exclusive(miner.name, async () => {
      await this.audited(miner, request.actor, 'set', () => this.learnOptions(miner, request.settings), false);
      const verdict = this.check(miner.name, request.settings, { lockToken: request.lockToken, actor: request.actor });
      if (!verdict.ok) this.refuse(miner, request.actor, 'set', verdict.reason, this.currentSettings(miner.name), request.settings);
      const before = await this.settingsBefore(miner, request.actor, 'set');
      await this.write(miner, request.settings, { actor: request.actor, action: 'set', before, detail: request.reason ?? null });
      // Writes under a lock are test points; the lock's release leaves one undo entry for the whole run.
      if (request.lockToken === undefined && before) this.pushUndo(miner.name, before, request.settings, request.actor);
    });
  }

  async restart(request: { miner: string; actor: Actor; lockToken?: string; reason?: string }): Promise<void> {
    const miner = this.requireMiner(request.miner);
    await this.exclusive(miner.name, async () => {
      const refusal = this.accessRefusal(miner.name, request.lockToken);
      if (refusal) this.refuse(miner, request.actor, 'restart', refusal, null, null);
      this.options.onRestartRequested?.(miner.name, this.options.clock.now() + RESTART_GRACE_MS);
      await this.audited(miner, request.actor, 'restart', () => miner.client.restart(), true, request.reason ?? null);
    });
  }

  /** Stops hashing (firmware 2.14+); refused while another owner holds the miner. */
  async pause(request: { miner: string; actor: Actor; reason?: string }): Promise<void> {
    await this.deviceAction(request, 'pause', true);
  }

  async resume(request: { miner: string; actor: Actor; reason?: string }): Promise<void> {
    await this.deviceAction(request, 'resume', true);
  }

  /** "Hi!" on the miner's screen; harmless, so allowed even while the miner is held. */
  async identify(request: { miner: string; actor: Actor }): Promise<void> {
    await this.deviceAction(request, 'identify', false);
  }

  /** What `undo` would write back now, for the confirmation prompt; null when there is nothing to undo. */
  peekUndo(minerName: string): UndoEntry | null {
    const miner = this.miner(minerName);
    return miner ? this.undoStack.top(identityOf(miner)) : null;
  }

  /** Back to the settings before the last change, through the same checks as any write. */
  async undo(request: { miner: string; actor: Actor }): Promise<MinerSettings> {
    const miner = this.requireMiner(request.miner);
    return this.exclusive(miner.name, async () => {
      const entry = this.undoStack.top(identityOf(miner));
      if (!entry) return this.refuse(miner, request.actor, 'undo', `${miner.name}: nothing to undo`, this.currentSettings(miner.name), null);
      const verdict = this.check(miner.name, entry.settings);
      if (!verdict.ok) this.refuse(miner, request.actor, 'undo', verdict.reason, this.currentSettings(miner.name), entry.settings);
      const before = await this.settingsBefore(miner, request.actor, 'undo');
      const by = entry.actorName ?? entry.actorId;
      const detail = `undoes the change of ${localClock(entry.ts, this.timeZone)} by ${by}`;
      await this.write(miner, entry.settings, { actor: request.actor, action: 'undo', before, detail });
      this.undoStack.remove(entry.id);
      return entry.settings;
    });
  }

  /**
   * Takes the miner for a benchmark or the autopilot: reads its settings fresh and saves them as the restore point in
   * SQLite before returning. While held, only requests carrying the lock's token may write.
   */
  async acquireLock(request: { miner: string; owner: Actor; detail?: string }): Promise<MinerLock> {
    return this.locking.acquire(this.requireMiner(request.miner), request.owner, request.detail ?? null);
  }

  /**
   * Applies every restore point still in SQLite (a crash, even kill -9, leaves them) as soon as its miner answers,
   * retrying with a growing pause while it does not. Returns when all are done or the signal aborts.
   */
  async recoverRestorePoints(signal: AbortSignal, options: { untilFound?: boolean } = {}): Promise<void> {
    await this.locking.recover(signal, options);
  }

  pendingRestorePoints(): Array<{ miner: string; owner: string; createdAt: number }> {
    return this.locking.pending();
  }

  /** The audit log, newest first. */
  auditLog(query: { miner?: string; limit: number }): AuditEntry[] {
    return this.audit.list(query);
  }

  /** Ends the background retries of restores that failed at release; their restore points stay for the next start. */
  async stop(): Promise<void> {
    await this.locking.stop();
  }

  private pushUndo(miner: string, before: MinerSettings, change: MinerSettings, actor: Actor): void {
    const previous = replacedValues(before, change);
    if (isEmptySettings(previous)) return;
    const guarded = this.miner(miner);
    const mac = guarded ? identityOf(guarded).mac : null;
    this.undoStack.push({ miner, mac, ts: this.options.clock.now(), settings: previous, replaced: change, actor });
  }

  private record(miner: GuardedMiner, actor: Actor, action: AuditAction, result: 'ok' | 'refused' | 'failed', before: MinerSettings | null, after: MinerSettings | null, detail: string | null): void {
    this.audit.record({ ts: this.options.clock.now(), minerId: miner.minerId(), miner: miner.name, actor, action, before, after, result, detail });
  }

  /** Audits a refusal and throws it. */
  private refuse(miner: GuardedMiner, actor: Actor, action: AuditAction, reason: string, before: MinerSettings | null, after: MinerSettings | null): never {
    this.record(miner, actor, action, 'refused', before, after, reason);
    this.options.log.info({ miner: miner.name, actor: actor.id, action, reason }, 'guard refused');
    throw new GuardRefusal(reason);
  }

  /** PATCHes and audits the outcome. */
  private async write(miner: GuardedMiner, settings: MinerSettings, entry: { actor: Actor; action: AuditAction; before: MinerSettings | null; detail: string | null }): Promise<void> {
    this.budget.recordWrite(miner.name);
    try {
      await miner.client.patchSettings(settings);
    } catch (error) {
      this.record(miner, entry.actor, entry.action, 'failed', entry.before, settings, errorMessage(error));
      throw error;
    }
    this.known.rememberWritten(miner.name, settings, this.options.clock.now());
    this.record(miner, entry.actor, entry.action, 'ok', entry.before, settings, entry.detail);
    this.options.log.info({ miner: miner.name, actor: entry.actor.id, action: entry.action, settings }, 'settings written');
  }

  private async deviceAction(request: { miner: string; actor: Actor; reason?: string }, action: 'pause' | 'resume' | 'identify', respectsLock: boolean): Promise<void> {
    const miner = this.requireMiner(request.miner);
    const run = async (): Promise<void> => {
      const refusal = respectsLock ? this.accessRefusal(miner.name, undefined) : null;
      if (refusal) this.refuse(miner, request.actor, action, refusal, null, null);
      try {
        await this.audited(miner, request.actor, action, () => miner.client[action](), true, request.reason ?? null);
      } catch (error) {
        throw lacksFeature({ name: miner.name, firmware: miner.telemetry()?.firmware ?? null }, action, error) ?? error;
      }
    };
    await (respectsLock ? this.exclusive(miner.name, run) : run());
  }

  /** Runs a miner call and audits ok/failed (`okRow` false: the caller writes the ok row with more detail). */
  private async audited<T>(miner: GuardedMiner, actor: Actor, action: AuditAction, call: () => Promise<T>, okRow = true, detail: string | null = null): Promise<T> {
    try {
      const result = await call();
      if (okRow) this.record(miner, actor, action, 'ok', null, null, detail);
      return result;
    } catch (error) {
      this.record(miner, actor, action, 'failed', null, null, errorMessage(error));
      throw error;
    }
  }

  private requireMiner(name: string): GuardedMiner {
    const miner = this.miner(name);
    if (!miner) throw new GuardRefusal(`no miner called "${name}"`);
    return miner;
  }

  /** Why a writer without the miner's lock token (or with a stale one) may not touch it now; null when it may. */
  private accessRefusal(miner: string, lockToken: string | undefined): string | null {
    const holder = this.locks.holder(miner);
    if (holder) return holder.token === lockToken && !holder.restoring ? null : heldRefusal(holder, this.timeZone);
    if (lockToken !== undefined) return `${miner}: that lock is no longer held (released or never taken)`;
    const guarded = this.miner(miner);
    const orphan = guarded ? this.restorePoints.forMiner(identityOf(guarded)) : null;
    return orphan ? interruptedRefusal(orphan) : null;
  }

  /** The settings a write replaces: from the last poll (and the guard's own writes since), else read fresh. */
  private async settingsBefore(miner: GuardedMiner, actor: Actor, action: AuditAction): Promise<MinerSettings | null> {
    const known = this.currentSettings(miner.name);
    if (known) return known;
    const telemetry = await this.audited(miner, actor, action, async () => (await miner.client.getInfo()).telemetry, false);
    this.known.rememberRead(miner.name, { telemetry });
    return settingsFromTelemetry(telemetry);
  }

  /** Asks the miner for its options when neither the poll loop nor the model table knows them yet. */
  private async learnOptions(miner: GuardedMiner, settings: MinerSettings): Promise<void> {
    if (settings.frequencyMhz === undefined && settings.coreVoltageMv === undefined) return;
    if (this.known.options(miner)) return;
    const asic = await miner.client.getAsic();
    const { telemetry } = await miner.client.getInfo();
    this.known.rememberRead(miner.name, { asic, telemetry });
  }

  /** One request at a time per miner: a check and its write must not interleave with another's. */
  private exclusive<T>(miner: string, run: () => Promise<T>): Promise<T> {
    return this.queue.run(miner, run);
  }
}
