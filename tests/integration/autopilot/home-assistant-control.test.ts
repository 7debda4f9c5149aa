import { afterEach, describe, expect, it } from 'vitest';
import { HOME_ASSISTANT } from '../../../src/integrations/mqtt/controls.js';
import { AUTOPILOT_LIMIT_CONTROLS, autopilotControlOf } from '../../../src/integrations/mqtt/autopilot-control.js';
import { MIN, OWNER, rig, type Rig } from './rig.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

describe("the autopilot as Home Assistant's select and state sensor", () => {
  it('shows off, the mode in force, and paused after an outside change; a mode set there is logged as by Home Assistant', async () => {
    world = await rig({ autopilot: { pauseMinutes: 30 } });
    const w = world;
    const control = autopilotControlOf(w.autopilot, w.clock);
    expect(control.status('gamma')).toMatchObject({ mode: 'off', state: 'off' });
    expect(control.status('nobody')).toBeNull();
    await expect(control.setMode('gamma', 'turbo', HOME_ASSISTANT)).rejects.toThrow('autopilot mode must be one of off, protect, hashrate, efficiency');
    await expect(control.setMode('gamma', 'efficiency', HOME_ASSISTANT)).rejects.toThrow(/no benchmark yet/);
    await control.setMode('gamma', 'protect', HOME_ASSISTANT);
    expect(control.status('gamma')).toMatchObject({ mode: 'protect', state: 'protect' });
    expect(w.log().at(-1)?.reason).toBe('autopilot on in protect mode (by Home Assistant)');
    await w.advance(MIN);
    await w.guard.apply({ miner: 'gamma', settings: { frequencyMhz: 500 }, actor: OWNER, reason: 'chat /set' });
    await w.advance(30_000);
    expect(control.status('gamma')).toMatchObject({ mode: 'protect', state: 'paused' });
    await w.advance(31 * MIN);
    expect(control.status('gamma')).toMatchObject({ mode: 'protect', state: 'protect' });
  }, 60_000);

  it("offers each limit's number box only within what the autopilot accepts, and sets it as Home Assistant", async () => {
    world = await rig({});
    const control = autopilotControlOf(world.autopilot, world.clock);
    for (const limit of AUTOPILOT_LIMIT_CONTROLS) {
      // Both ends of the box are values the autopilot takes: HA never offers a value it would refuse.
      await control.setLimit('gamma', limit.control, limit.min, HOME_ASSISTANT);
      await control.setLimit('gamma', limit.control, limit.max, HOME_ASSISTANT);
      expect(control.status('gamma')?.limits[limit.control], limit.control).toBe(limit.max);
    }
    await expect(control.setLimit('gamma', 'autopilot_fan_max', 10, HOME_ASSISTANT)).rejects.toThrow(/not allowed for the fan cap/);
    await expect(control.setLimit('gamma', 'autopilot_turbo', 1, HOME_ASSISTANT)).rejects.toThrow('no autopilot limit called "autopilot_turbo"');
  }, 60_000);
});
