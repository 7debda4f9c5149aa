import { afterEach, describe, expect, it } from 'vitest';
import { AUTOPILOT_ACTOR, NeedsBenchmarkError } from '../../../src/autopilot/index.js';
import { GuardRefusal } from '../../../src/control/guard.js';
import { MIN, moves, pilotOn, rig, type Rig } from './rig.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const rungOf = (w: Rig): number | undefined => w.autopilot.status('gamma')[0]?.rung?.frequencyMhz;

describe('the autopilot on a simulated Gamma', () => {
  it('climbs rung by rung, steps down when the room heats past the fan cap, and climbs back only after the hold time', async () => {
    world = await pilotOn({ autopilot: { defaults: { fanMaxPct: 70 } } });
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    expect(rungOf(w)).toBe(625);
    const ups = moves(w.log()).filter((d) => d.kind === 'up');
    // One rung at a time, each after the settle time plus 10 minutes of headroom.
    expect(ups.map((d) => d.toMhz)).toEqual([550, 575, 600, 625]);
    for (let i = 1; i < ups.length; i++) expect((ups[i]?.ts ?? 0) - (ups[i - 1]?.ts ?? 0)).toBeGreaterThanOrEqual(13 * MIN);

    w.devices.get('gamma')?.setAmbient(32);
    await w.advanceUntil(() => rungOf(w) !== 625, 60 * MIN);
    const down = moves(w.log()).at(-1);
    // Down to the first rung drawing at least 5 % less (625 → 600 MHz would be 4 %).
    expect(down).toMatchObject({ kind: 'down', fromMhz: 625, toMhz: 575 });
    expect(down?.reason).toMatch(/^625 → 575 MHz, fan \d+(\.\d)? % above its 70 % cap for \d+ min$/);
    expect(w.notices.at(-1)).toMatchObject({ miner: 'gamma', severity: 'info', text: down?.reason });
    // The frequency goes down first, the voltage 20 s later, so the chip never runs 625 MHz on 575 MHz's voltage.
    await w.advance(30_000);
    const split = w.auditOf().filter((r) => r.actor_kind === 'autopilot' && (r.ts >= (down?.ts ?? 0)));
    // The rung's voltage is the simulated silicon's own (its benchmark), read from the ladder.
    const rung575Mv = w.autopilot.ladder('gamma').find((r) => r.frequencyMhz === 575)?.coreVoltageMv;
    expect(split.map((r) => JSON.parse(r.after ?? '{}') as unknown)).toEqual([{ frequencyMhz: 575 }, { coreVoltageMv: rung575Mv }]);
    expect((split[1]?.ts ?? 0) - (split[0]?.ts ?? 0)).toBeGreaterThanOrEqual(20_000);
    expect(split[1]?.detail).toBe(`autopilot: ${down?.reason ?? ''} (the voltage, after the frequency)`);
    // Inside the cap the whole warm afternoon: no writes.
    const before = moves(w.log()).length;
    await w.advance(3 * 60 * MIN);
    expect(moves(w.log()).length).toBe(before);

    w.devices.get('gamma')?.setAmbient(22);
    const cooledAt = w.clock.now();
    await w.advanceUntil(() => rungOf(w) === 625, 90 * MIN);
    const back = moves(w.log()).at(-1);
    expect(back).toMatchObject({ kind: 'up', toMhz: 625 });
    expect((back?.ts ?? 0) - cooledAt).toBeGreaterThanOrEqual(10 * MIN);
  }, 180_000);

  it('steps down on a power cap and an input-voltage floor set per miner from chat', async () => {
    world = await pilotOn();
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 600, 120 * MIN);
    w.autopilot.setLimit('gamma', 'powerCapW', 18, AUTOPILOT_ACTOR);
    await w.advanceUntil(() => (rungOf(w) ?? 999) < 575, 20 * MIN);
    const down = moves(w.log()).filter((d) => d.kind === 'down');
    expect(down[0]?.reason).toMatch(/power \d+(\.\d)? W above its 18 W cap/);
    expect(w.autopilot.status('gamma')[0]?.limits.powerCapW).toBe(18);
    w.autopilot.setLimit('gamma', 'powerCapW', null, AUTOPILOT_ACTOR);
    w.autopilot.setLimit('gamma', 'inputVoltageMinV', 5.3, AUTOPILOT_ACTOR);
    const at = rungOf(w) ?? 0;
    await w.advanceUntil(() => (rungOf(w) ?? 999) < at, 30 * MIN);
    expect(moves(w.log()).at(-1)?.reason).toMatch(/input \d\.\d\d V below 5\.30 V/);
    expect(() => w.autopilot.setLimit('gamma', 'fanMaxPct', 5, AUTOPILOT_ACTOR)).toThrow(/5 % is not allowed for the fan cap/);
  }, 180_000);

  it('never writes more than the daily budget, and the guard refuses the autopilot past it', async () => {
    world = await pilotOn({ autopilot: { maxWritesPerDay: 2, holdMinutes: 1, settleSeconds: 0 } });
    const w = world;
    await w.advance(3 * 60 * MIN);
    const writes = w.auditOf().filter((r) => r.actor_kind === 'autopilot' && r.action === 'set' && r.result === 'ok');
    expect(writes).toHaveLength(2);
    const held = w.log().filter((d) => d.kind === 'hold' && d.reason.includes('budget'));
    expect(held).toHaveLength(1);
    expect(held[0]?.reason).toContain('the autopilot has written settings 2 times in 24 h, its budget (2)');
    expect(w.notices.some((n) => n.severity === 'warning' && n.text.includes('budget (2)'))).toBe(true);
    await expect(w.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600, coreVoltageMv: 1120 }, actor: AUTOPILOT_ACTOR, reason: 'test' }))
      .rejects.toBeInstanceOf(GuardRefusal);
    // Other writers are not bound by the autopilot's budget.
    await w.guard.apply({ miner: 'gamma', settings: { tempTargetC: 58 }, actor: { kind: 'user', id: 'telegram:1' }, reason: 'test' });
  }, 180_000);

  it('takes the mode and limits of a schedule window while it is open, and its own again after', async () => {
    // The virtual day starts at 00:00 UTC; the rig has warmed up for 10 minutes.
    world = await pilotOn({ autopilot: { schedules: [{ miners: ['gamma'], from: '02:00', to: '03:00', mode: 'efficiency', limits: { powerCapW: 17 } }] } });
    const w = world;
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    await w.advanceUntil(() => new Date(w.clock.now()).getUTCHours() === 2, 2 * 60 * MIN, MIN);
    expect(w.autopilot.status('gamma')[0]).toMatchObject({ mode: 'hashrate', modeNow: 'efficiency', limits: { powerCapW: 17 } });
    await w.advance(20 * MIN);
    expect(rungOf(w)).toBeLessThanOrEqual(525);
    expect(moves(w.log()).filter((d) => d.kind === 'down').at(-1)?.reason).toMatch(/power \d+(\.\d)? W above its 17 W cap/);
    await w.advanceUntil(() => new Date(w.clock.now()).getUTCHours() === 3, 60 * MIN, MIN);
    expect(w.autopilot.status('gamma')[0]).toMatchObject({ modeNow: 'hashrate', limits: { powerCapW: 40 } });
    await w.advanceUntil(() => rungOf(w) === 625, 3 * 60 * MIN);
    expect(rungOf(w)).toBe(625);
  }, 180_000);

  it('offers only protect to a miner without a benchmark, stepping down the device\'s own options and back to the owner\'s settings', async () => {
    world = await rig({ autopilot: { defaults: { fanMaxPct: 60 } } });
    const w = world;
    expect(() => w.autopilot.setMode('gamma', 'hashrate', AUTOPILOT_ACTOR)).toThrow(NeedsBenchmarkError);
    w.autopilot.setMode('gamma', 'protect', AUTOPILOT_ACTOR);
    await w.advance(5 * MIN);
    // The owner's own settings are the top rung: nothing written while every limit holds.
    expect(w.auditOf().filter((r) => r.actor_kind === 'autopilot')).toEqual([]);
    w.devices.get('gamma')?.setAmbient(33);
    await w.advanceUntil(() => moves(w.log()).length > 0, 60 * MIN);
    const down = moves(w.log())[0];
    expect(down).toMatchObject({ kind: 'down', fromMhz: 525, toMhz: 490, toMv: 1150 });
    w.devices.get('gamma')?.setAmbient(20);
    await w.advanceUntil(() => rungOf(w) === 525, 2 * 60 * MIN);
    expect(w.devices.get('gamma')?.state().settings).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
  }, 180_000);
});
