import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { BenchService } from '../../../src/bench/service.js';
import { fleetViewOf } from '../../../src/chat/fleet-view.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter, type PreparedReply } from '../../../src/chat/router.js';
import { silentLogger } from '../../../src/core/logger.js';
import { MIN, rig, type Rig } from './rig.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const partner: ChatUser = { platform: 'telegram', id: '2', displayName: 'partner', chatId: '1', isGroup: true };
const viewer: ChatUser = { platform: 'telegram', id: '3', displayName: 'friend', chatId: '3', isGroup: false };

let world: Rig | null = null;
let bench: BenchService | null = null;
afterEach(async () => {
  await bench?.stop();
  await world?.cleanup();
  world = null;
  bench = null;
});

const textOf = (r: PreparedReply | null): string => (r?.blocks ?? []).map((b: ReplyBlock) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');
const buttonId = (r: PreparedReply | null, label: string): string => r?.buttons.flat().find((b) => b.label === label)?.id ?? 'missing';

async function setup(autopilot: Record<string, unknown> = {}): Promise<{ w: Rig; router: CommandRouter }> {
  world = await rig({ autopilot, miners: [{ name: 'gamma', model: 'gamma', seed: 1, ambientC: 22 }, { name: 'supra', model: 'supra', seed: 1, ambientC: 22 }] });
  const w = world;
  bench = new BenchService({ guard: w.guard, store: w.store, clock: w.clock, log: silentLogger(), config: w.config });
  await bench.start();
  const router = new CommandRouter({
    commands: ALL_COMMANDS,
    services: { fleet: fleetViewOf(w.collector), store: w.store, config: w.config, clock: w.clock, guard: w.guard, bench, autopilot: w.autopilot },
    clock: w.clock,
    log: silentLogger(),
    access: () => ({ admins: ['telegram:1', 'telegram:2'], viewers: ['telegram:3'] }),
    rateLimit: { burst: 50, refillPerMinute: 60 },
  });
  return { w, router };
}

describe('/autopilot through the router', () => {
  it('turns it on only after the asker confirms, shows every miner, and viewers may look but not change', async () => {
    const { w, router } = await setup();
    w.benchmarkFromTruth('gamma');
    const overview = await router.handleText(viewer, '/autopilot');
    expect(textOf(overview)).toContain('gamma: off');
    expect(textOf(overview)).toContain('It is off everywhere.');
    expect(textOf(await router.handleText(viewer, '/autopilot gamma on hashrate'))).toBe(
      'Only admins can change the autopilot. You can look: /autopilot, /autopilot <miner> log, /autopilot <miner> chart.');

    const asked = await router.handleText(owner, '/autopilot gamma on hashrate');
    expect(textOf(asked)).toMatch(/^Autopilot hashrate for gamma: it holds the highest hashrate that meets every limit, moving between 11 validated points, 400–625 MHz; limits chip ≤ 65 °C, VR ≤ 85 °C, power ≤ 40 W, errors ≤ 2 %, input ≥ 4\.8 V; at most 48 writes a day, each in \/audit with its reason\. Confirm within 60 s\.$/);
    expect((await router.pressButton(partner, buttonId(asked, 'Confirm'))).notice).toContain('Only the person who asked');
    expect(w.autopilot.status('gamma')[0]?.mode).toBe('off');
    const done = await router.pressButton(owner, buttonId(asked, 'Confirm'));
    expect(textOf(done.reply)).toBe('autopilot on in hashrate mode (by owner (telegram:1)). /autopilot gamma off stops it.');
    expect(w.autopilot.status('gamma')[0]?.mode).toBe('hashrate');

    await w.advance(20 * MIN);
    const card = textOf(await router.handleText(viewer, '/autopilot'));
    expect(card).toMatch(/gamma: hashrate · 550 MHz \/ 1090 mV \(rung 8 of 11\)/);
    expect(card).toMatch(/last: \d\d\/\d\d, \d\d:\d\d 525 → 550 MHz, every limit has had headroom for 10 min/);
    expect(card).toContain('supra: off');
    const log = textOf(await router.handleText(viewer, '/autopilot gamma log'));
    expect(log).toContain("gamma: the autopilot's last 3 decisions");
    expect(log).toMatch(/up: 525 → 550 MHz, every limit has had headroom for 10 min/);
    expect(log).toMatch(/mode: autopilot on in hashrate mode \(by owner \(telegram:1\)\)/);
  }, 180_000);

  it('offers a quick benchmark first to a miner without one, and protect works at once', async () => {
    const { w, router } = await setup();
    const asked = await router.handleText(owner, '/autopilot supra on efficiency');
    expect(textOf(asked)).toContain('supra has no benchmark yet, so efficiency mode has no validated points');
    expect(asked?.buttons.flat().map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    const started = await router.pressButton(owner, buttonId(asked, 'Confirm'));
    expect(textOf(started.reply)).toBe('Quick benchmark of supra started. When it is done: /autopilot supra on efficiency.');
    expect(bench?.running().map((r) => `${r.miner} ${r.mode}`)).toEqual(['supra quick']);
    bench?.cancel('supra');
    await bench?.finished('supra');
    const protect = await router.handleText(owner, '/autopilot gamma on');
    expect(textOf(protect)).toContain('Autopilot protect for gamma: it keeps your own settings');
    await router.pressButton(owner, buttonId(protect, 'Confirm'));
    expect(w.autopilot.status('gamma')[0]?.mode).toBe('protect');
  }, 180_000);

  it('sets a limit, says what the limits are now, refuses nonsense with the usage, and turns off without a question', async () => {
    const { w, router } = await setup();
    expect(textOf(await router.handleText(owner, '/autopilot gamma set fanmax 70%'))).toBe(
      'gamma: fan cap set to 70 % (by owner (telegram:1)). Now: chip ≤ 65 °C, VR ≤ 85 °C, fan ≤ 70 %, power ≤ 40 W, errors ≤ 2 %, input ≥ 4.8 V.');
    expect(textOf(await router.handleText(owner, '/autopilot gamma set target 62c'))).toContain('chip ≤ 62 °C');
    expect(textOf(await router.handleText(owner, '/autopilot gamma set fanmax default'))).toContain('fan cap back to the configured value');
    expect(textOf(await router.handleText(owner, '/autopilot gamma set fanmax 5'))).toContain('5 % is not allowed for the fan cap');
    expect(textOf(await router.handleText(owner, '/autopilot gamma set noise 5'))).toContain('/autopilot gamma set <target|vrmax|fanmax|powercap|errors|inputmin> <value>');
    expect(textOf(await router.handleText(owner, '/autopilot gamma fly'))).toContain('"fly" is not something the autopilot does');
    expect(textOf(await router.handleText(owner, '/autopilot gx'))).toContain('no miner called "gx"');
    w.benchmarkFromTruth('gamma');
    w.autopilot.setMode('gamma', 'hashrate', { kind: 'user', id: 'telegram:1' });
    const off = await router.handleText(owner, '/autopilot gamma off');
    expect(textOf(off)).toBe('gamma: autopilot off (by owner (telegram:1)); the miner keeps its current settings.');
    expect(off?.buttons).toEqual([]);
    expect(w.autopilot.status('gamma')[0]?.mode).toBe('off');
  }, 180_000);

  it("charts one miner's day with its limits and the autopilot's changes marked", async () => {
    const { w, router } = await setup({ defaults: { fanMaxPct: 70 } });
    w.benchmarkFromTruth('gamma');
    w.autopilot.setMode('gamma', 'hashrate', { kind: 'user', id: 'telegram:1' });
    await w.advance(40 * MIN);
    w.collector.flush();
    const chart = await router.handleText(viewer, '/autopilot gamma chart');
    const image = chart?.blocks[0];
    expect(image).toMatchObject({ kind: 'image', filename: 'autopilot-gamma-24h.png', caption: "gamma: the autopilot's last 24 h" });
    expect(image?.kind === 'image' && image.png.subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);
});
