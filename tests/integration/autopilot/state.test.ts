import { afterEach, describe, expect, it } from 'vitest';
import { AutopilotService, rungKey } from '../../../src/autopilot/index.js';
import { silentLogger } from '../../../src/core/logger.js';
import { MIN, moves, OWNER, pilotOn, type Rig } from './rig.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const rungOf = (w: Rig): number | undefined => w.autopilot.status('gamma')[0]?.rung?.frequencyMhz;

describe('the autopilot and everyone else', () => {
  it('steps aside for a settings change it did not make, says so, and comes back after the pause', async () => {
    world = await pilotOn({ autopilot: { pauseMinutes: 60 } });
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 575, 60 * MIN);
    await w.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 500 }, actor: OWNER, reason: 'chat /set' });
    await w.advance(30_000);
    const pause = w.log().find((d) => d.kind === 'pause');
    expect(pause?.reason).toMatch(/^settings changed outside the autopilot \(575 → 500 MHz\); paused until \d\d:\d\d$/);
    expect(w.notices.at(-1)?.text).toBe(pause?.reason);
    expect(w.autopilot.status('gamma')[0]?.pausedUntil).toBe((pause?.ts ?? 0) + 60 * MIN);
    const writesBefore = w.auditOf().filter((r) => r.actor_kind === 'autopilot').length;
    await w.advance(55 * MIN);
    // It does not fight the owner: not one write during the pause.
    expect(w.auditOf().filter((r) => r.actor_kind === 'autopilot')).toHaveLength(writesBefore);
    expect(w.devices.get('gamma')?.state().settings.frequencyMhz).toBe(500);
    await w.advance(10 * MIN);
    expect(w.log().some((d) => d.kind === 'resume' && d.reason === 'the pause is over; the autopilot is back on')).toBe(true);
    await w.advanceUntil(() => w.auditOf().filter((r) => r.actor_kind === 'autopilot').length > writesBefore, 30 * MIN);
    // Back on a validated point of its ladder: the benchmark's 500 MHz rung, not the owner's 500 MHz at 625 MHz's voltage.
    const { settings } = w.devices.get('gamma')?.state() ?? { settings: null };
    expect(w.autopilot.ladder('gamma').map((r) => `${r.frequencyMhz}/${r.coreVoltageMv}`)).toContain(`${settings?.frequencyMhz}/${settings?.coreVoltageMv}`);
    expect(settings?.coreVoltageMv).toBe(w.autopilot.ladder('gamma').find((r) => r.frequencyMhz === 500)?.coreVoltageMv);
  }, 180_000);

  it('does not take its own writes, or the firmware protection, for an outside change', async () => {
    world = await pilotOn();
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    expect(w.log().filter((d) => d.kind === 'pause')).toEqual([]);
  }, 180_000);

  it('writes only through the guard, each write audited with the reason it announced', async () => {
    world = await pilotOn({ autopilot: { defaults: { fanMaxPct: 70 } } });
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    w.devices.get('gamma')?.setAmbient(32);
    await w.advance(60 * MIN);
    const writes = w.auditOf().filter((r) => r.actor_kind === 'autopilot');
    const changes = w.log().filter((d) => ['start', 'up', 'down', 'recover'].includes(d.kind));
    expect(changes.length).toBeGreaterThanOrEqual(6);
    // Each write carries the reason of the change it belongs to (a step down is two writes: frequency, then voltage).
    for (const row of writes) {
      expect(`${row.action} ${row.result}`).toBe('set ok');
      expect(row.detail?.startsWith('autopilot: ')).toBe(true);
      expect(changes.some((d) => row.detail?.startsWith(`autopilot: ${d.reason}`))).toBe(true);
    }
    for (const change of changes) expect(writes.some((r) => r.detail?.startsWith(`autopilot: ${change.reason}`))).toBe(true);
    // The device saw exactly those writes: what it runs is the last one.
    expect(w.devices.get('gamma')?.state().settings.frequencyMhz).toBe(changes.at(-1)?.toMhz);
  }, 180_000);

  it('continues where it was after a restart of axepilot: mode, rung, hold-offs, no new start write', async () => {
    world = await pilotOn({ autopilot: { defaults: { fanMaxPct: 70 } } });
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    w.devices.get('gamma')?.setAmbient(32);
    await w.advanceUntil(() => rungOf(w) === 600, 30 * MIN);
    const before = w.autopilot.status('gamma')[0];
    const failedAt = w.log().at(-1)?.ts ?? 0;
    await w.autopilot.stop();

    // A new service on the same database, as after `systemctl restart axepilot`.
    const again = new AutopilotService({ store: w.store, clock: w.clock, log: silentLogger(), config: w.config, guard: w.guard, bus: w.collector.bus });
    await again.start();
    w.autopilot = again;
    const writes = w.auditOf().length;
    await w.advance(5 * MIN);
    const after = again.status('gamma')[0];
    expect(after).toMatchObject({ mode: 'hashrate', rung: before?.rung, lastDecision: before?.lastDecision });
    expect(w.auditOf()).toHaveLength(writes);
    expect(w.log().filter((d) => d.kind === 'start')).toHaveLength(1);
    // The rung that failed before the restart is still held off: the room cools, but 625 waits for its hold-off.
    w.devices.get('gamma')?.setAmbient(22);
    const state = w.store.db.prepare('SELECT state FROM autopilot_miners WHERE miner_name = ?').get('gamma') as { state: string };
    expect((JSON.parse(state.state) as { memory: { failures: Record<string, number[]> } }).memory.failures[rungKey({ frequencyMhz: 625, coreVoltageMv: w.autopilot.ladder('gamma').find((r) => r.frequencyMhz === 625)?.coreVoltageMv ?? 0 })]).toEqual([failedAt]);
    await w.advanceUntil(() => rungOf(w) === 625, 60 * MIN);
    expect((moves(w.log()).at(-1)?.ts ?? 0) - failedAt).toBeGreaterThanOrEqual(20 * MIN);
  }, 180_000);
});
