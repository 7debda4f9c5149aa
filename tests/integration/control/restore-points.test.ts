import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GuardRefusal, RestorePendingError } from '../../../src/control/guard.js';
import { RestoreRecoveryService } from '../../../src/control/recovery-service.js';
import { silentLogger } from '../../../src/core/logger.js';
import { auditRows, BENCH, controlWorld, OWNER, type ControlWorld } from './harness.js';

let world: ControlWorld;
afterEach(() => world.cleanup());

/** What another process (the next start after kill -9) would find in the file right now. */
function restorePointsOnDisk(path: string): Array<{ miner_name: string; settings: string }> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare('SELECT miner_name, settings FROM restore_points').all() as Array<{ miner_name: string; settings: string }>;
  } finally {
    db.close();
  }
}

const deviceSettings = (w: ControlWorld, name = 'gamma') => w.miners.get(name)?.device.state().settings;

describe('locks and restore points', () => {
  it('has the restore point on disk before the first test write, and removes it once the miner confirmed', async () => {
    world = controlWorld();
    await world.miners.get('gamma')?.poll();
    const { guard } = world;
    const lock = await guard.acquireLock({ miner: 'gamma', owner: BENCH });
    const [point] = restorePointsOnDisk(world.path);
    expect(point?.miner_name).toBe('gamma');
    expect(JSON.parse(point?.settings ?? '{}')).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true });
    expect(guard.pendingRestorePoints()).toEqual([{ miner: 'gamma', owner: 'bench:1', createdAt: world.clock.now() }]);
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600, coreVoltageMv: 1200 }, actor: BENCH, lockToken: lock.token });
    await world.clock.advance(600_000);
    await lock.release({ restore: 'original' });
    expect(deviceSettings(world)).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(restorePointsOnDisk(world.path)).toEqual([]);
    // Releasing twice (a `finally` after an explicit release) changes nothing.
    await lock.release({ restore: 'original' });
    expect(auditRows(world.store).map((r) => `${r.action}:${r.result}`)).toEqual(['lock:ok', 'set:ok', 'restore:ok']);
  });

  it('leaves the chosen settings on release, undoable back to the originals in one step', async () => {
    world = controlWorld();
    await world.miners.get('gamma')?.poll();
    const { guard, clock } = world;
    const lock = await guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600, coreVoltageMv: 1200 }, actor: BENCH, lockToken: lock.token });
    await clock.advance(600_000);
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550, coreVoltageMv: 1100 }, actor: BENCH, lockToken: lock.token });
    await clock.advance(600_000);
    await lock.release({ apply: { frequencyMhz: 550, coreVoltageMv: 1120 } });
    expect(deviceSettings(world)).toMatchObject({ frequencyMhz: 550, coreVoltageMv: 1120 });
    expect(guard.pendingRestorePoints()).toEqual([]);
    expect(guard.peekUndo('gamma')?.settings).toEqual({ frequencyMhz: 525, coreVoltageMv: 1150 });
    await clock.advance(10_000);
    await guard.undo({ miner: 'gamma', actor: OWNER });
    expect(deviceSettings(world)).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
  });

  it('restores the originals instead when the final settings are out of range', async () => {
    world = controlWorld();
    await world.miners.get('gamma')?.poll();
    const lock = await world.guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600 }, actor: BENCH, lockToken: lock.token });
    const error = await lock.release({ apply: { frequencyMhz: 900 } }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(GuardRefusal);
    expect((error as Error).message).toContain('the settings from before were restored instead');
    expect(deviceSettings(world)?.frequencyMhz).toBe(525);
    expect(world.guard.pendingRestorePoints()).toEqual([]);
  });

  it('keeps the restore point when the miner is away at release, and retries until it is back', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const { guard, clock } = world;
    const lock = await guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600 }, actor: BENCH, lockToken: lock.token });
    gamma?.device.injectFault('offline');
    const error = await lock.release({ restore: 'original' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RestorePendingError);
    expect(restorePointsOnDisk(world.path)).toHaveLength(1);
    // Nobody else may write while the miner may still be at a test point.
    expect(guard.check('gamma', { frequencyMhz: 490 })).toMatchObject({ ok: false, reason: expect.stringContaining('still putting back') as string });
    await clock.advance(10 * 60_000);
    expect(restorePointsOnDisk(world.path)).toHaveLength(1);
    gamma?.device.clearFault('offline');
    await clock.advance(6 * 60_000);
    expect(deviceSettings(world)?.frequencyMhz).toBe(525);
    expect(restorePointsOnDisk(world.path)).toEqual([]);
    await clock.advance(10_000);
    expect(guard.check('gamma', { frequencyMhz: 490 })).toEqual({ ok: true });
    const restores = auditRows(world.store).filter((r) => r.action === 'restore').map((r) => r.result);
    expect(restores).toEqual(['failed', 'ok']);
    await guard.stop();
  });

  it('after a crash, a new guard on the same file restores the miner at start', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const lock = await world.guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 625, coreVoltageMv: 1250 }, actor: BENCH, lockToken: lock.token });
    // kill -9: no release, no stop; the next start opens the same database.
    const restarted = world.reopen();
    expect(restarted.pendingRestorePoints().map((p) => p.miner)).toEqual(['gamma']);
    expect(restarted.check('gamma', { frequencyMhz: 490 })).toMatchObject({ ok: false, reason: expect.stringContaining('interrupted benchmark') as string });
    await restarted.recoverRestorePoints(new AbortController().signal);
    expect(deviceSettings(world)).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(restarted.pendingRestorePoints()).toEqual([]);
    expect(auditRows(world.store).at(-1)).toMatchObject({ action: 'restore', result: 'ok', actor_id: 'axepilot' });
  });

  it('after a crash, waits for a miner that is off at start and restores it when it returns', async () => {
    world = controlWorld({ miners: [{ name: 'gamma' }, { name: 'supra', model: 'supra' }] });
    for (const miner of world.miners.values()) await miner.poll();
    for (const name of ['gamma', 'supra']) {
      const lock = await world.guard.acquireLock({ miner: name, owner: BENCH });
      await world.guard.apply({ miner: name, settings: { frequencyMhz: 550 }, actor: BENCH, lockToken: lock.token });
    }
    const gamma = world.miners.get('gamma');
    gamma?.device.injectFault('offline');
    const restarted = world.reopen();
    let finished = false;
    const recovery = restarted.recoverRestorePoints(new AbortController().signal).then(() => { finished = true; });
    await world.clock.advance(1_000);
    expect(deviceSettings(world, 'supra')?.frequencyMhz).toBe(490);
    expect(restarted.pendingRestorePoints().map((p) => p.miner)).toEqual(['gamma']);
    await world.clock.advance(30 * 60_000);
    expect(finished).toBe(false);
    expect(deviceSettings(world)?.frequencyMhz).toBe(550);
    gamma?.device.clearFault('offline');
    await world.clock.advance(5 * 60_000);
    await recovery;
    expect(deviceSettings(world)?.frequencyMhz).toBe(525);
    expect(restorePointsOnDisk(world.path)).toEqual([]);
  });

  it('stops retrying when its signal aborts, keeping the restore point for the next start', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const lock = await world.guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600 }, actor: BENCH, lockToken: lock.token });
    gamma?.device.injectFault('offline');
    const restarted = world.reopen();
    const abort = new AbortController();
    const recovery = restarted.recoverRestorePoints(abort.signal);
    await world.clock.advance(60_000);
    abort.abort();
    await recovery;
    expect(restorePointsOnDisk(world.path)).toHaveLength(1);
    expect(world.clock.pendingSleeps).toBe(0);
  });

  it('runs recovery as a service: restores in the background after start, stops cleanly', async () => {
    world = controlWorld({ miners: [{ name: 'gamma' }, { name: 'supra', model: 'supra' }] });
    for (const miner of world.miners.values()) await miner.poll();
    for (const name of ['gamma', 'supra']) {
      const lock = await world.guard.acquireLock({ miner: name, owner: BENCH });
      await world.guard.apply({ miner: name, settings: { frequencyMhz: 550 }, actor: BENCH, lockToken: lock.token });
    }
    world.miners.get('supra')?.device.injectFault('offline');
    const service = new RestoreRecoveryService({ guard: world.reopen(), log: silentLogger() });
    await service.start();
    await world.clock.advance(1_000);
    expect(deviceSettings(world)?.frequencyMhz).toBe(525);
    expect(world.guard.pendingRestorePoints().map((p) => p.miner)).toEqual(['supra']);
    await service.stop();
    expect(world.clock.pendingSleeps).toBe(0);
    expect(restorePointsOnDisk(world.path).map((p) => p.miner_name)).toEqual(['supra']);
  });
});
