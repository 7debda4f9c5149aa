/**
 * Who holds which miner. A miner under benchmark belongs to the benchmark (and under tuning, to the autopilot): while
 * it is held, only requests carrying the lock's token may change it. After a release whose restore was not confirmed,
 * the miner stays held by the restore until the miner confirms.
 */
import { randomUUID } from 'node:crypto';
import { describeActor, type Actor } from './actor.js';
import { localClock } from '../core/local-time.js';
import type { RestorePoint } from './restore-points.js';

export interface HeldLock {
  token: string;
  miner: string;
  owner: Actor;
  since: number;
  detail: string | null;
  /** Released by its owner, but the original settings are not confirmed back yet. */
  restoring: boolean;
}

export class LockBook {
  private readonly locks = new Map<string, HeldLock>();

  take(miner: string, owner: Actor, since: number, detail: string | null): HeldLock {
    const lock: HeldLock = { token: randomUUID(), miner, owner, since, detail, restoring: false };
    this.locks.set(miner, lock);
    return lock;
  }

  holder(miner: string): HeldLock | undefined {
    return this.locks.get(miner);
  }

  isCurrent(lock: HeldLock): boolean {
    return this.locks.get(lock.miner) === lock;
  }

  drop(lock: HeldLock): void {
    if (this.isCurrent(lock)) this.locks.delete(lock.miner);
  }
}

/** The refusal for a writer that does not hold the miner, naming who does and since when. */
export function heldRefusal(lock: HeldLock, timeZone: string): string {
  const since = localClock(lock.since, timeZone);
  if (lock.restoring) {
    return `${lock.miner}: axepilot is still putting back its settings from before the ${lock.owner.kind === 'benchmark' ? 'benchmark' : 'tuning'} ` +
      `(the miner has not confirmed them yet); other changes wait until it has`;
  }
  switch (lock.owner.kind) {
    case 'benchmark':
      return `${lock.miner} is being benchmarked (since ${since}); /bench stop first`;
    case 'autopilot':
      return `${lock.miner} is being tuned by the autopilot (since ${since}); turn the autopilot off for it first`;
    default:
      return `${lock.miner} is locked by ${describeActor(lock.owner)} (since ${since})`;
  }
}

/** The refusal while a restore point from an interrupted run (a crash) waits for its miner. */
export function interruptedRefusal(point: RestorePoint): string {
  return `${point.miner}: its settings from before an interrupted ${point.owner.kind === 'benchmark' ? 'benchmark' : 'tuning run'} ` +
    'are being restored (waiting for the miner to answer); try again once that is done';
}
