import { afterEach, describe, expect, it } from 'vitest';
import { MIN, pilotOn, type Rig } from './rig.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const rungOf = (w: Rig): number | undefined => w.autopilot.status('gamma')[0]?.rung?.frequencyMhz;

describe('healing: firmware overheat protection', () => {
  it.each([
    ['2.10', 'reboots into 50 MHz and stays there'],
    ['2.12', 'restarts 100 MHz lower with the fan stuck at 100 %'],
  ] as const)('on %s-style firmware (which %s): once cooled, the rung below the one that tripped, auto fan, overheat_mode 0', async (firmware, _behaviour) => {
    world = await pilotOn({ miners: [{ name: 'gamma', model: 'gamma', seed: 1, ambientC: 22, firmware }] });
    const w = world;
    const device = w.devices.get('gamma');
    await w.advanceUntil(() => rungOf(w) === 625, 120 * MIN);
    device?.injectFault('overheat');
    await w.advanceUntil(() => w.notices.some((n) => n.text.startsWith("the firmware's overheat protection tripped")), 10 * MIN, 5_000);
    device?.clearFault('overheat');
    const trip = w.notices.find((n) => n.text.startsWith("the firmware's overheat protection tripped"));
    expect(trip).toMatchObject({ severity: 'warning' });
    expect(trip?.text).toContain(`tripped at 625 MHz / ${w.autopilot.ladder('gamma').find((r) => r.frequencyMhz === 625)?.coreVoltageMv ?? '?'} mV`);
    // Nothing is written while it is still hot: the firmware's own state stands.
    expect(device?.state().settings.overheatMode).toBe(1);
    expect(w.auditOf().filter((r) => r.actor_kind === 'autopilot' && r.ts > (trip?.at ?? 0))).toEqual([]);
    await w.advanceUntil(() => w.log().some((d) => d.kind === 'recover'), 20 * MIN, 5_000);
    const recovery = w.log().find((d) => d.kind === 'recover');
    expect(recovery).toMatchObject({ toMhz: 600, toMv: 1120 });
    expect(recovery?.reason).toBe("back from the firmware's overheat protection: 600 MHz / 1120 mV (one rung below 625 MHz, where it tripped), auto fan on");
    const write = w.auditOf().filter((r) => r.actor_kind === 'autopilot' && r.action === 'set').at(-1);
    expect(JSON.parse(write?.after ?? '{}')).toEqual({ frequencyMhz: 600, coreVoltageMv: 1120, autoFan: true, overheat: false });
    expect(device?.state().settings).toMatchObject({ frequencyMhz: 600, coreVoltageMv: 1120, fanMode: 1, overheatMode: 0 });
    expect(w.notices.at(-1)).toMatchObject({ severity: 'warning', text: recovery?.reason });
    // The rung that tripped waits twice the hold-off before it is tried again.
    await w.advance(30 * MIN);
    expect(rungOf(w)).toBe(600);
  }, 180_000);
});

describe('healing: a miner that answers but does not hash', () => {
  it('restarts it after 5 minutes of zero hashrate, through the guard with the reason, and it hashes again', async () => {
    world = await pilotOn({ miners: [{ name: 'gamma', model: 'gamma', seed: 1, ambientC: 22, firmware: '2.15' }] });
    const w = world;
    await w.advance(20 * MIN);
    const stalledAt = w.clock.now();
    w.devices.get('gamma')?.injectFault('flatline', { untilRestart: true });
    await w.advanceUntil(() => w.log().some((d) => d.kind === 'restart'), 15 * MIN, 5_000);
    const restart = w.log().find((d) => d.kind === 'restart');
    expect((restart?.ts ?? 0) - stalledAt).toBeGreaterThanOrEqual(5 * MIN);
    expect((restart?.ts ?? 0) - stalledAt).toBeLessThan(8 * MIN);
    expect(w.auditOf().filter((r) => r.action === 'restart')).toEqual([
      expect.objectContaining({ actor_kind: 'autopilot', result: 'ok', detail: expect.stringMatching(/^no hashrate for [56] min although it answers \(restart 1 of 3\)$/) as unknown }),
    ]);
    await w.advance(5 * MIN);
    expect(w.devices.get('gamma')?.state().hashrateGhs).toBeGreaterThan(0);
  }, 180_000);

  it('gives up after 3 restarts in 6 h and calls a person, critically, once', async () => {
    world = await pilotOn();
    const w = world;
    await w.advance(20 * MIN);
    w.devices.get('gamma')?.injectFault('flatline');
    await w.advance(3 * 60 * MIN);
    expect(w.log().filter((d) => d.kind === 'restart')).toHaveLength(3);
    const calls = w.notices.filter((n) => n.severity === 'critical');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.text).toMatch(/3 restarts in 6 h did not help: it needs a person/);
  }, 180_000);
});

describe('healing: a fan that stops', () => {
  it('pauses mining on firmware that can (2.14+) before the chip reaches the firmware trip, and resumes when the fan spins', async () => {
    world = await pilotOn({ miners: [{ name: 'gamma', model: 'gamma', seed: 1, ambientC: 25, firmware: '2.15' }] });
    const w = world;
    const device = w.devices.get('gamma');
    await w.advance(60 * MIN);
    device?.injectFault('fan-failure', { durationMs: 30 * MIN });
    let hottest = 0;
    for (let t = 0; t < 45 * MIN; t += 10_000) {
      await w.advance(10_000);
      hottest = Math.max(hottest, device?.state().chipTempC ?? 0);
    }
    expect(hottest).toBeLessThan(75);
    expect(device?.state().overheat.trips).toBe(0);
    const audit = w.auditOf().filter((r) => r.action === 'pause' || r.action === 'resume');
    expect(audit.map((r) => `${r.actor_kind} ${r.action} ${r.result}`)).toEqual(['autopilot pause ok', 'autopilot resume ok']);
    expect(audit[0]?.detail).toMatch(/^autopilot: the fan stopped \(0 rpm at \d+ %\)/);
    expect(w.notices.find((n) => n.text.startsWith('the fan stopped'))?.severity).toBe('critical');
    expect(device?.state().miningPaused).toBe(false);
  }, 180_000);
});
