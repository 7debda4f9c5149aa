/**
 * A miner is one device, known by its MAC, whatever it is called (issue 9): a restore point left by a run that knew
 * the miner by its host is restored by a guard that knows the same device as "gamma", and never written to another
 * device that now answers under the old name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RestoreRecoveryService } from '../../../src/control/recovery-service.js';
import { silentLogger } from '../../../src/core/logger.js';
import { SimulatedMiner } from '../../../src/sim/index.js';
import { BENCH, controlWorld, OWNER, TestMiner, type ControlWorld } from './harness.js';

let world: ControlWorld;
afterEach(() => world.cleanup());

const HOST = 'http://192.168.1.20';

/** A CLI run of `axepilot bench 192.168.1.20` with no config, killed at a test point. */
async function killedRunByHost(): Promise<TestMiner> {
  world = controlWorld({ miners: [{ name: '192.168.1.20' }] });
  const byHost = world.miners.get('192.168.1.20');
  if (!byHost) throw new Error('no miner');
  byHost.host = HOST;
  await byHost.poll();
  const lock = await world.guard.acquireLock({ miner: '192.168.1.20', owner: BENCH });
  await world.guard.apply({ miner: '192.168.1.20', settings: { frequencyMhz: 600, coreVoltageMv: 1200 }, actor: BENCH, lockToken: lock.token });
  return byHost;
}

/** The same device configured as "gamma" (optionally reached at another address) in the next process. */
function configuredAs(device: SimulatedMiner, host: string): TestMiner {
  world.miners.clear();
  const gamma = new TestMiner('gamma', device);
  gamma.host = host;
  world.miners.set('gamma', gamma);
  return gamma;
}

describe('restore points by identity', () => {
  it('restores at once a miner configured under another name at the host the run used', async () => {
    const byHost = await killedRunByHost();
    configuredAs(byHost.device, HOST);
    const restarted = world.reopen();
    expect(restarted.check('gamma', { frequencyMhz: 490 })).toMatchObject({ ok: false });
    await restarted.recoverRestorePoints(new AbortController().signal);
    expect(byHost.device.state().settings).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(restarted.pendingRestorePoints()).toEqual([]);
  });

  it('restores a miner that moved to another address as soon as a poll shows its MAC', async () => {
    const byHost = await killedRunByHost();
    const gamma = configuredAs(byHost.device, 'http://192.168.1.77');
    const service = new RestoreRecoveryService({ guard: world.reopen(), log: silentLogger() });
    await service.start();
    await world.clock.advance(10_000);
    // Not known by name or host, and not polled yet: nothing to go on.
    expect(byHost.device.state().settings.frequencyMhz).toBe(600);
    await gamma.poll();
    await world.clock.advance(5_000);
    expect(byHost.device.state().settings).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(world.guard.pendingRestorePoints()).toEqual([]);
    await service.stop();
    expect(world.clock.pendingSleeps).toBe(0);
  });

  it('never writes the settings to another device that now answers under the same name', async () => {
    const byHost = await killedRunByHost();
    const stranger = new SimulatedMiner({ model: 'gamma', seed: 99, clock: world.clock });
    const impostor = configuredAs(stranger, 'http://192.168.1.99');
    world.miners.clear();
    const renamed = new TestMiner('192.168.1.20', stranger);
    renamed.host = impostor.host ?? null;
    world.miners.set('192.168.1.20', renamed);
    // Not polled yet: only the name matches, so the restore itself must notice the other MAC before writing.
    const restarted = world.reopen();
    const abort = new AbortController();
    const recovery = restarted.recoverRestorePoints(abort.signal);
    await world.clock.advance(60_000);
    abort.abort();
    await recovery;
    expect(stranger.state().settings.frequencyMhz).toBe(525);
    expect(byHost.device.state().settings.frequencyMhz).toBe(600);
    expect(restarted.pendingRestorePoints()).toHaveLength(1);
  });

  it('keeps the undo history with the device across names', async () => {
    world = controlWorld({ miners: [{ name: 'old-name' }] });
    const first = world.miners.get('old-name');
    if (!first) throw new Error('no miner');
    await first.poll();
    await world.guard.apply({ miner: 'old-name', settings: { frequencyMhz: 550 }, actor: OWNER });
    const gamma = configuredAs(first.device, 'http://192.168.1.20');
    const restarted = world.reopen();
    expect(restarted.peekUndo('gamma')).toBeNull();
    await gamma.poll();
    expect(restarted.peekUndo('gamma')?.settings).toEqual({ frequencyMhz: 525 });
  });
});
