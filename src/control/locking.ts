/**
 * Locks and restore points: a benchmark or the autopilot takes a miner, its settings are saved in SQLite before the
 * first test write, and when it lets go the miner either keeps settings it chose (checked like any write) or gets the
 * originals back. Either way the restore point leaves SQLite only after the miner confirmed; a miner that does not
 * answer keeps its restore point and is retried until it does, in this run or after the next start.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Actor, GuardedMiner } from './actor.js';
import type { AuditAction } from './audit-log.js';
import { GuardRefusal, RestorePendingError } from './errors.js';
import type { HeldLock, LockBook } from './locks.js';
import type { RestorePoint, RestorePoints } from './restore-points.js';
import { FIRST_RETRY_MS, type SettingsRestorer } from './restorer.js';
import { describeSettings, isEmptySettings, settingsConfirmed, settingsFromTelemetry } from './settings.js';

export interface MinerLock {
  readonly token: string;
  readonly miner: string;
  readonly owner: Actor;
  release(outcome: { restore: 'original' } | { apply: MinerSettings }): Promise<void>;
}

type AuditResult = 'ok' | 'refused' | 'failed';

/** What locking needs of the guard. */
export interface GuardCore {
  readonly clock: Clock;
  readonly log: Logger;
  readonly locks: LockBook;
  readonly restorePoints: RestorePoints;
  readonly restorer: SettingsRestorer;
  miner(name: string): GuardedMiner | undefined;
  /** The configured miner a restore point belongs to (by MAC, else name or host), if any. */
  minerFor(point: RestorePoint): GuardedMiner | undefined;
  /** This miner's restore point, whatever name the run that left it used. */
  pointFor(miner: GuardedMiner): RestorePoint | null;
  exclusive<T>(miner: string, run: () => Promise<T>): Promise<T>;
  accessRefusal(miner: string, lockToken: string | undefined): string | null;
  rangeRefusal(miner: GuardedMiner, settings: MinerSettings): string | null;
  write(miner: GuardedMiner, settings: MinerSettings, entry: { actor: Actor; action: AuditAction; before: MinerSettings | null; detail: string | null }): Promise<void>;
  record(miner: GuardedMiner, actor: Actor, action: AuditAction, result: AuditResult, before: MinerSettings | null, after: MinerSettings | null, detail: string | null): void;
  /** Audits the refusal and throws it as a GuardRefusal. */
  refuse(miner: GuardedMiner, actor: Actor, action: AuditAction, reason: string, before: MinerSettings | null, after: MinerSettings | null): never;
  pushUndo(miner: string, before: MinerSettings, change: MinerSettings, actor: Actor): void;
}

/** How often a restore point whose miner is not known yet is looked for again among the configured ones. */
const UNMATCHED_RECHECK_MS = 2_000;
const RECOVERY_ACTOR: Actor = { kind: 'system', id: 'axepilot', name: 'axepilot (restore after a restart)' };

export class MinerLocking {
  /** Restores that keep retrying, by miner. */
  private readonly restoring = new Map<string, Promise<void>>();
  private readonly background = new AbortController();

  constructor(private readonly core: GuardCore) {}

  acquire(miner: GuardedMiner, owner: Actor, detail: string | null): Promise<MinerLock> {
    const { core } = this;
    return core.exclusive(miner.name, async () => {
      const refusal = core.accessRefusal(miner.name, undefined);
      if (refusal) core.refuse(miner, owner, 'lock', refusal, null, null);
      let settings: MinerSettings | null;
      let mac: string | null = null;
      try {
        const { telemetry } = await miner.client.getInfo();
        settings = settingsFromTelemetry(telemetry);
        mac = telemetry.mac;
      } catch (error) {
        core.record(miner, owner, 'lock', 'failed', null, null, `could not read its settings: ${errorMessage(error)}`);
        throw error;
      }
      if (!settings || settings.frequencyMhz === undefined || settings.coreVoltageMv === undefined) {
        return core.refuse(miner, owner, 'lock', `${miner.name}: it does not report its frequency and core voltage, so they could not be restored`, settings, null);
      }
      const now = core.clock.now();
      core.restorePoints.save({ miner: miner.name, mac, host: miner.host ?? null, owner, settings, createdAt: now, detail });
      const lock = core.locks.take(miner.name, owner, now, detail);
      core.record(miner, owner, 'lock', 'ok', settings, null, detail ? `restore point saved; ${detail}` : 'restore point saved');
      return {
        token: lock.token, miner: miner.name, owner,
        release: (outcome) => core.exclusive(miner.name, () => this.release(miner, lock, outcome)),
      };
    });
  }

  /**
   * Restores every restore point whose miner is configured (by MAC, name or host). With `untilFound`, a point whose
   * miner is not known yet (a CLI run of a host that is configured under another name, a miner that changed address)
   * is looked for again every few seconds, as polls learn the configured miners' MACs, until the signal aborts.
   */
  async recover(signal: AbortSignal, options: { untilFound?: boolean } = {}): Promise<void> {
    const { core } = this;
    const waiting = new Set(core.restorePoints.all().map((p) => p.miner));
    const tasks: Array<Promise<unknown>> = [];
    let warned = false;
    while (waiting.size > 0 && !signal.aborted) {
      for (const point of core.restorePoints.all()) {
        if (!waiting.has(point.miner)) continue;
        const miner = core.minerFor(point);
        if (!miner) continue;
        waiting.delete(point.miner);
        tasks.push(this.recoverOne(miner, point, signal));
      }
      // Restored meanwhile by someone else (a release retry, another process): nothing left to look for.
      const present = new Set(core.restorePoints.all().map((p) => p.miner));
      for (const name of [...waiting]) if (!present.has(name)) waiting.delete(name);
      if (waiting.size === 0) break;
      if (!warned) {
        core.log.warn(
          { miners: [...waiting] },
          options.untilFound
            ? 'restore point for a miner not configured under that name, host or MAC (yet); restored as soon as it answers under any configured one'
            : 'restore point for a miner that is not configured; kept until it is',
        );
        warned = true;
      }
      if (!options.untilFound) break;
      try {
        await core.clock.sleep(UNMATCHED_RECHECK_MS, signal);
      } catch {
        break;
      }
    }
    await Promise.all(tasks);
  }

  private recoverOne(miner: GuardedMiner, point: RestorePoint, signal: AbortSignal): Promise<unknown> {
    const { core } = this;
    const holder = core.locks.holder(miner.name);
    if (holder && !holder.restoring) return Promise.resolve();
    const running = this.restoring.get(miner.name);
    if (running) return untilAborted(running, signal);
    const task = core.restorer.restoreUntilConfirmed(miner, point, RECOVERY_ACTOR, {
      signal: AbortSignal.any([signal, this.background.signal]), firstDelayMs: 0, firstFailureAudited: false,
    });
    return this.track(miner.name, task, () => { if (holder) core.locks.drop(holder); });
  }

  /** Waits until the restore of this miner that is retrying in the background is confirmed; false at the deadline. */
  async settled(miner: GuardedMiner, signal: AbortSignal): Promise<boolean> {
    const running = this.restoring.get(miner.name);
    if (running) await untilAborted(running, signal);
    return this.core.pointFor(miner) === null;
  }

  pending(): Array<{ miner: string; owner: string; createdAt: number }> {
    return this.core.restorePoints.all().map((p) => ({ miner: p.miner, owner: p.owner.id, createdAt: p.createdAt }));
  }

  async stop(): Promise<void> {
    this.background.abort();
    await Promise.all([...this.restoring.values()]);
  }

  /** A second release of the same lock does nothing, so callers may release in `finally` without bookkeeping. */
  private async release(miner: GuardedMiner, lock: HeldLock, outcome: { restore: 'original' } | { apply: MinerSettings }): Promise<void> {
    const { core } = this;
    if (!core.locks.isCurrent(lock) || lock.restoring) return;
    const point = core.pointFor(miner);
    if (!point) {
      core.locks.drop(lock);
      return;
    }
    let problem: Error | null = null;
    if ('apply' in outcome) {
      problem = await this.applyFinalSettings(miner, lock, point, outcome.apply);
      if (problem === null) return;
    }
    try {
      await core.restorer.restoreNow(miner, point, lock.owner, { auditFailure: true });
    } catch (error) {
      // Others stay locked out: the miner may still be at a test point until the restore is confirmed.
      lock.restoring = true;
      const retries = core.restorer.restoreUntilConfirmed(miner, point, lock.owner, {
        signal: this.background.signal, firstDelayMs: FIRST_RETRY_MS, firstFailureAudited: true,
      });
      void this.track(miner.name, retries, () => core.locks.drop(lock));
      throw new RestorePendingError(
        `${miner.name}: its settings from before (${describeSettings(point.settings)}) are not confirmed yet (${errorMessage(error)}); ` +
          'axepilot keeps the restore point and retries until the miner takes them',
        { cause: error },
      );
    }
    core.locks.drop(lock);
    if (problem !== null) throw problem;
  }

  /** Null when the settings are in force and the lock is gone; else why not (the caller then restores the originals). */
  private async applyFinalSettings(miner: GuardedMiner, lock: HeldLock, point: RestorePoint, settings: MinerSettings): Promise<Error | null> {
    const { core } = this;
    const refusal = isEmptySettings(settings) ? `${miner.name}: no settings to apply` : core.rangeRefusal(miner, settings);
    if (refusal) {
      core.record(miner, lock.owner, 'release', 'refused', point.settings, settings, `${refusal}; restoring the settings from before`);
      return new GuardRefusal(`${refusal}; the settings from before were restored instead`);
    }
    try {
      await core.write(miner, settings, { actor: lock.owner, action: 'release', before: point.settings, detail: lock.detail });
    } catch (error) {
      return asError(error);
    }
    try {
      const readBack = (await miner.client.getInfo()).telemetry;
      if (!settingsConfirmed(readBack, settings)) throw new RestorePendingError(`${miner.name} did not take ${describeSettings(settings)}`);
    } catch (error) {
      core.record(miner, lock.owner, 'release', 'failed', point.settings, settings, `not confirmed: ${errorMessage(error)}`);
      return asError(error);
    }
    core.restorePoints.remove(point);
    core.pushUndo(miner.name, point.settings, settings, lock.owner);
    core.locks.drop(lock);
    return null;
  }

  /** Remembers a restore that keeps retrying, so recovery and stop() can find it. */
  private track(miner: string, task: Promise<boolean>, onRestored: () => void): Promise<void> {
    const tracked: Promise<void> = task.then(
      (restored) => { if (restored) onRestored(); },
      (error: unknown) => { this.core.log.error({ miner, err: errorMessage(error) }, 'restore loop failed'); },
    ).finally(() => { if (this.restoring.get(miner) === tracked) this.restoring.delete(miner); });
    this.restoring.set(miner, tracked);
    return tracked;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(errorMessage(error));
}

/** Waits for `task`, or only until `signal` aborts. */
function untilAborted(task: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void task.then(done, done);
  });
}
