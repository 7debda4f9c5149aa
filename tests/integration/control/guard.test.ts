import { afterEach, describe, expect, it } from 'vitest';
import { GuardRefusal } from '../../../src/control/guard.js';
import { FirmwareLacksFeatureError } from '../../../src/control/errors.js';
import { auditRows, BENCH, controlWorld, OWNER, type ControlWorld } from './harness.js';

let world: ControlWorld;
afterEach(() => world.cleanup());

async function refusal(promise: Promise<unknown>): Promise<GuardRefusal> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GuardRefusal);
  return error as GuardRefusal;
}

describe('settings guard on a simulated Gamma', () => {
  it('writes an allowed change, audits it with from → to, and undo puts the device back', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const { guard } = world;
    expect(guard.allowedRanges('gamma')).toMatchObject({ frequencyMhz: [400, 625], coreVoltageMv: [1000, 1250] });
    expect(guard.check('gamma', { frequencyMhz: 575 })).toEqual({ ok: true });
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 575 }, actor: OWNER });
    expect(gamma?.device.state().settings.frequencyMhz).toBe(575);
    expect(guard.currentSettings('gamma')?.frequencyMhz).toBe(575);
    const [row] = auditRows(world.store);
    expect(row).toMatchObject({ action: 'set', result: 'ok', actor_id: 'telegram:1', after: '{"frequencyMhz":575}' });
    expect(JSON.parse(row?.before ?? '{}')).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });

    expect(guard.peekUndo('gamma')?.settings).toEqual({ frequencyMhz: 525 });
    await world.clock.advance(10_000);
    expect(await guard.undo({ miner: 'gamma', actor: OWNER })).toEqual({ frequencyMhz: 525 });
    expect(gamma?.device.state().settings.frequencyMhz).toBe(525);
    expect(guard.peekUndo('gamma')).toBeNull();
    await world.clock.advance(10_000);
    expect((await refusal(guard.undo({ miner: 'gamma', actor: OWNER }))).message).toBe('gamma: nothing to undo');
    expect(auditRows(world.store).map((r) => `${r.action}:${r.result}`)).toEqual(['set:ok', 'undo:ok', 'undo:refused']);
  });

  it('undo walks back a stack of changes, fan included', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const { guard, clock } = world;
    await guard.apply({ miner: 'gamma', settings: { autoFan: false, fanPct: 70 }, actor: OWNER });
    await clock.advance(10_000);
    await guard.apply({ miner: 'gamma', settings: { coreVoltageMv: 1200 }, actor: OWNER });
    await clock.advance(10_000);
    expect(gamma?.device.state().settings).toMatchObject({ fanMode: 0, manualFanPct: 70, coreVoltageMv: 1200 });
    await guard.undo({ miner: 'gamma', actor: OWNER });
    await clock.advance(10_000);
    expect(gamma?.device.state().settings).toMatchObject({ fanMode: 0, coreVoltageMv: 1150 });
    await guard.undo({ miner: 'gamma', actor: OWNER });
    expect(gamma?.device.state().settings.fanMode).toBe(1);
  });

  it('refuses out-of-range writes without touching the device, and audits each refusal', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const { guard } = world;
    const check = guard.check('gamma', { frequencyMhz: 700 });
    expect(check).toEqual({ ok: false, reason: "gamma: 700 MHz is outside 400–625 MHz (the device's own options; set limits.allowOverclock to go beyond)" });
    expect((await refusal(guard.apply({ miner: 'gamma', settings: { frequencyMhz: 700 }, actor: OWNER }))).message).toContain('400–625 MHz');
    await refusal(guard.apply({ miner: 'gamma', settings: { autoFan: false, fanPct: 5 }, actor: OWNER }));
    await refusal(guard.apply({ miner: 'gamma', settings: { tempTargetC: 80 }, actor: OWNER }));
    await refusal(guard.apply({ miner: 'nosuch', settings: { tempTargetC: 60 }, actor: OWNER }));
    expect(gamma?.device.state().settings).toMatchObject({ frequencyMhz: 525, fanMode: 1, tempTargetC: 60 });
    const rows = auditRows(world.store);
    expect(rows.map((r) => `${r.action}:${r.result}`)).toEqual(['set:refused', 'set:refused', 'set:refused']);
    expect(rows[1]?.detail).toContain('limits.minManualFanPct');
  });

  it('overclocks only when allowed and within the ceiling', async () => {
    world = controlWorld({ limits: { allowOverclock: true, maxFrequencyMhz: 700 } });
    await world.miners.get('gamma')?.poll();
    await world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 650 }, actor: OWNER });
    expect(world.miners.get('gamma')?.device.state().settings.frequencyMhz).toBe(650);
    await world.clock.advance(10_000);
    expect((await refusal(world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 750 }, actor: OWNER }))).message)
      .toBe('gamma: 750 MHz is above limits.maxFrequencyMhz (700 MHz); allowed 400–700 MHz');
  });

  it('bounds the write rate and says when the next write is possible', async () => {
    world = controlWorld({ limits: { minWriteIntervalSeconds: 30, maxWritesPerHour: 2 } });
    await world.miners.get('gamma')?.poll();
    const { guard, clock } = world;
    await guard.apply({ miner: 'gamma', settings: { tempTargetC: 58 }, actor: OWNER });
    await clock.advance(10_000);
    expect((await refusal(guard.apply({ miner: 'gamma', settings: { tempTargetC: 59 }, actor: OWNER }))).message)
      .toContain('next write possible at 14:02 (in 20 s)');
    await clock.advance(20_000);
    await guard.apply({ miner: 'gamma', settings: { tempTargetC: 59 }, actor: OWNER });
    await clock.advance(60_000);
    const hourly = await refusal(guard.apply({ miner: 'gamma', settings: { tempTargetC: 61 }, actor: OWNER }));
    expect(hourly.message).toContain('2 writes in the last hour');
    expect(hourly.message).toContain('next write possible at 15:02 (in 59 min)');
    // A new guard on the same database (a restart) still knows about those writes.
    const restarted = world.reopen();
    expect(restarted.check('gamma', { tempTargetC: 61 })).toMatchObject({ ok: false });
  });

  it('hands a locked miner to its holder only: others are told who holds it and since when', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const { guard, clock } = world;
    const lock = await guard.acquireLock({ miner: 'gamma', owner: BENCH, detail: 'benchmark run 1' });
    await clock.advance(60_000);
    const message = 'gamma is being benchmarked (since 14:02); /bench stop first';
    expect(guard.check('gamma', { frequencyMhz: 550 })).toEqual({ ok: false, reason: message });
    expect((await refusal(guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: OWNER }))).message).toBe(message);
    expect((await refusal(guard.restart({ miner: 'gamma', actor: OWNER }))).message).toBe(message);
    await refusal(guard.acquireLock({ miner: 'gamma', owner: { kind: 'autopilot', id: 'autopilot' } }));
    await refusal(guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: BENCH, lockToken: 'forged' }));
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: BENCH, lockToken: lock.token });
    expect(gamma?.device.state().settings.frequencyMhz).toBe(550);
    await guard.identify({ miner: 'gamma', actor: OWNER });
    expect(gamma?.device.state().identifying).toBe(true);
    await lock.release({ restore: 'original' });
    expect(gamma?.device.state().settings.frequencyMhz).toBe(525);
    await refusal(guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: BENCH, lockToken: lock.token }));
    await clock.advance(10_000);
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: OWNER });
    const actions = auditRows(world.store).map((r) => `${r.action}:${r.result}`);
    expect(actions).toEqual([
      'lock:ok', 'set:refused', 'restart:refused', 'lock:refused', 'set:refused', 'set:ok', 'identify:ok', 'restore:ok', 'set:refused', 'set:ok',
    ]);
  });

  it('tells the alert engine before a restart, and the device reboots', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    await world.clock.advance(600_000);
    await world.guard.restart({ miner: 'gamma', actor: OWNER });
    expect(world.restarts).toEqual([{ miner: 'gamma', untilMs: world.clock.now() + 120_000 }]);
    await world.clock.advance(30_000);
    expect(gamma?.device.state().uptimeS).toBeLessThan(60);
    expect(auditRows(world.store).map((r) => `${r.action}:${r.result}`)).toEqual(['restart:ok']);
  });

  it('pauses and resumes on firmware 2.15, and says what is missing on 2.12', async () => {
    world = controlWorld({ miners: [{ name: 'new', firmware: '2.15' }, { name: 'old' }] });
    for (const miner of world.miners.values()) await miner.poll();
    await world.guard.pause({ miner: 'new', actor: OWNER });
    expect(world.miners.get('new')?.device.state().miningPaused).toBe(true);
    await world.guard.resume({ miner: 'new', actor: OWNER });
    expect(world.miners.get('new')?.device.state().miningPaused).toBe(false);
    const error = await world.guard.pause({ miner: 'old', actor: OWNER }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(FirmwareLacksFeatureError);
    expect((error as Error).message).toBe('old: its firmware (v2.12.2) has no pause; pause and resume need AxeOS 2.14 or newer');
    expect(auditRows(world.store).map((r) => `${r.action}:${r.result}`)).toEqual(['pause:ok', 'resume:ok', 'pause:failed']);
  });

  it('reads the device itself when it has not been polled yet (options and the settings it replaces)', async () => {
    world = controlWorld();
    const { guard } = world;
    expect(guard.check('gamma', { frequencyMhz: 550 })).toMatchObject({ ok: false, reason: expect.stringContaining('not known yet') as string });
    await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: OWNER });
    expect(world.miners.get('gamma')?.device.state().settings.frequencyMhz).toBe(550);
    expect(JSON.parse(auditRows(world.store)[0]?.before ?? 'null')).toMatchObject({ frequencyMhz: 525 });
    expect(guard.peekUndo('gamma')?.settings).toEqual({ frequencyMhz: 525 });
  });

  it('audits a write that fails because the miner does not answer', async () => {
    world = controlWorld();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    gamma?.device.injectFault('offline');
    await expect(world.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 550 }, actor: OWNER })).rejects.toThrow('unreachable');
    const [row] = auditRows(world.store);
    expect(row).toMatchObject({ action: 'set', result: 'failed' });
    expect(row?.detail).toContain('unreachable');
  });
});
