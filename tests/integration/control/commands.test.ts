import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter, type PreparedReply } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { silentLogger } from '../../../src/core/logger.js';
import { auditRows, BENCH, controlWorld, type ControlWorld } from './harness.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const partner: ChatUser = { platform: 'telegram', id: '2', displayName: 'partner', chatId: '1', isGroup: true };
const friend: ChatUser = { platform: 'telegram', id: '3', displayName: 'friend', chatId: '3', isGroup: false };

let world: ControlWorld;
afterEach(() => world.cleanup());

const textOf = (blocks: ReplyBlock[] | undefined): string =>
  (blocks ?? []).map((b) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');

function setup(options: Parameters<typeof controlWorld>[0] = {}): CommandRouter {
  world = controlWorld(options);
  const views = (): MinerView[] => [...world.miners.values()].map((m) => ({
    name: m.name, host: `http://${m.name}.lan`, minerId: null, online: true, telemetry: m.telemetry(),
    lastGoodPollAt: m.telemetry()?.ts ?? null, lastError: '', asic: m.asic(),
  }));
  const { config, clock } = world;
  return new CommandRouter({
    commands: ALL_COMMANDS,
    services: { fleet: { miners: views }, store: world.store, config, clock, guard: world.guard },
    clock,
    log: silentLogger(),
    access: () => ({ admins: config.chat.admins, viewers: ['telegram:3'] }),
    rateLimit: { burst: 50, refillPerMinute: 60 },
  });
}

const buttonId = (reply: PreparedReply | null, label: string): string =>
  reply?.buttons.flat().find((b) => b.label === label)?.id ?? 'missing';

describe('control commands through the router', () => {
  it('/set asks exactly what will change, for the asker only, and Confirm applies once', async () => {
    const router = setup();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const asked = await router.handleText(owner, '/set gamma freq 575mhz');
    expect(textOf(asked?.blocks)).toBe('gamma: frequency 525 → 575 MHz. Confirm within 60 s.');
    expect(asked?.buttons.flat().map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    expect((await router.pressButton(partner, buttonId(asked, 'Confirm'))).notice).toContain('Only the person who asked');
    expect(gamma?.device.state().settings.frequencyMhz).toBe(525);
    const confirmed = await router.pressButton(owner, buttonId(asked, 'Confirm'));
    expect(textOf(confirmed.reply?.blocks)).toBe('Done: gamma frequency 525 → 575 MHz. /undo gamma puts it back.');
    expect(confirmed.edit).toBe(true);
    expect((await router.pressButton(owner, buttonId(asked, 'Confirm'))).notice).toBe('Already done.');
    expect(textOf((await router.pressButton(owner, buttonId(asked, 'Cancel'))).reply?.blocks)).toBe('Already answered.');
    expect(gamma?.device.state().settings.frequencyMhz).toBe(575);
    expect(auditRows(world.store).map((r) => `${r.action}:${r.result}:${r.actor_id}`)).toEqual(['set:ok:telegram:1']);
  });

  it('lets a confirmation expire after 60 s, and Cancel changes nothing', async () => {
    const router = setup();
    const gamma = world.miners.get('gamma');
    await gamma?.poll();
    const asked = await router.handleText(owner, '/set gamma fan 60');
    expect(textOf(asked?.blocks)).toBe('gamma: fan auto → manual 60 %. Confirm within 60 s.');
    await world.clock.advance(61_000);
    expect((await router.pressButton(owner, buttonId(asked, 'Confirm'))).notice).toContain('expired');
    const again = await router.handleText(owner, '/set gamma target 62');
    expect(textOf((await router.pressButton(owner, buttonId(again, 'Cancel'))).reply?.blocks)).toBe('Cancelled; nothing changed.');
    expect(textOf((await router.pressButton(owner, buttonId(again, 'Confirm'))).reply?.blocks)).toBe('Already answered.');
    expect(gamma?.device.state().settings).toMatchObject({ fanMode: 1, tempTargetC: 60 });
    expect(auditRows(world.store)).toEqual([]);
  });

  it('refuses up front, without a button, what the guard would refuse', async () => {
    const router = setup();
    await world.miners.get('gamma')?.poll();
    const tooFast = await router.handleText(owner, '/set gamma freq 700');
    expect(textOf(tooFast?.blocks)).toBe("gamma: 700 MHz is outside 400–625 MHz (the device's own options; set limits.allowOverclock to go beyond)");
    expect(tooFast?.buttons).toEqual([]);
    expect(textOf((await router.handleText(owner, '/set gamma fan 5'))?.blocks)).toContain('limits.minManualFanPct (20 %)');
    await world.guard.acquireLock({ miner: 'gamma', owner: BENCH });
    const locked = await router.handleText(owner, '/restart gamma');
    expect(textOf(locked?.blocks)).toBe('gamma is being benchmarked (since 14:02); /bench stop first');
    expect(locked?.buttons).toEqual([]);
  });

  it('answers bad arguments with the usage line, and keeps viewers out', async () => {
    const router = setup();
    await world.miners.get('gamma')?.poll();
    const bad = textOf((await router.handleText(owner, '/set gamma speed 5'))?.blocks);
    expect(bad).toContain('"speed" is not a setting');
    expect(bad).toContain('Usage: /set <miner> freq <MHz>');
    // A bare /restart (a menu tap) offers the miners to pick from, rather than a usage error.
    const picker = await router.handleText(owner, '/restart');
    expect(textOf(picker?.blocks)).toBe('/restart: which miner?');
    expect(picker?.buttons.flat().map((b) => b.label)).toContain('gamma');
    expect(textOf((await router.handleText(owner, '/restart gamma now'))?.blocks)).toContain('Usage: /restart <miner>');
    expect(textOf((await router.handleText(friend, '/set gamma freq 550'))?.blocks)).toContain('needs the admin role');
  });

  it('/restart, /identify, /pause and /undo go through the guard', async () => {
    const router = setup({ miners: [{ name: 'gamma', firmware: '2.15' }, { name: 'old' }] });
    for (const miner of world.miners.values()) await miner.poll();
    const restart = await router.handleText(owner, '/restart gamma');
    expect(textOf(restart?.blocks)).toContain('gamma: restart now');
    await router.pressButton(owner, buttonId(restart, 'Confirm'));
    expect(world.restarts.map((r) => r.miner)).toEqual(['gamma']);
    await world.clock.advance(60_000);
    await world.miners.get('gamma')?.poll();

    expect(textOf((await router.handleText(owner, '/identify gamma'))?.blocks)).toBe('gamma shows "Hi!" on its screen for 30 s.');
    expect(textOf((await router.handleText(owner, '/pause old'))?.blocks)).toBe('old runs firmware v2.12.2; pause and resume need AxeOS 2.14 or newer.');
    const pause = await router.handleText(owner, '/pause gamma');
    await router.pressButton(owner, buttonId(pause, 'Confirm'));
    expect(world.miners.get('gamma')?.device.state().miningPaused).toBe(true);
    const resume = await router.handleText(owner, '/resume gamma');
    await router.pressButton(owner, buttonId(resume, 'Confirm'));
    expect(world.miners.get('gamma')?.device.state().miningPaused).toBe(false);

    expect(textOf((await router.handleText(owner, '/undo gamma'))?.blocks)).toBe('gamma: nothing to undo.');
    const set = await router.handleText(owner, '/set gamma volt 1.2v');
    await router.pressButton(owner, buttonId(set, 'Confirm'));
    await world.clock.advance(10_000);
    const undo = await router.handleText(owner, '/undo gamma');
    expect(textOf(undo?.blocks)).toBe('gamma: undo the change of 2026-11-22 14:03 by owner: core voltage 1200 → 1150 mV. Confirm within 60 s.');
    const undone = await router.pressButton(owner, buttonId(undo, 'Confirm'));
    expect(textOf(undone.reply?.blocks)).toBe('Done: gamma core voltage 1200 → 1150 mV.');
    expect(world.miners.get('gamma')?.device.state().settings.coreVoltageMv).toBe(1150);
  });

  it('/audit lists who changed what, newest first, in local time', async () => {
    const router = setup();
    await world.miners.get('gamma')?.poll();
    const set = await router.handleText(owner, '/set gamma freq 550');
    await router.pressButton(owner, buttonId(set, 'Confirm'));
    await world.clock.advance(60_000);
    await router.handleText(owner, '/set gamma freq 900');
    await world.guard.apply({ miner: 'gamma', settings: { tempTargetC: 99 }, actor: { kind: 'autopilot', id: 'autopilot' } }).catch(() => undefined);
    const lines = textOf((await router.handleText(owner, '/audit gamma 5'))?.blocks).split('\n');
    expect(lines[0]).toBe('Audit log: gamma (newest first)');
    expect(lines[1]).toMatch(/^2026-11-22 14:03 gamma: set fan target 60 → 99 °C, by autopilot: refused \(gamma: fan target 99 °C is outside/);
    // The /set of 900 MHz was refused up front, before any button: that refusal is in the audit log too.
    expect(lines[2]).toMatch(/^2026-11-22 14:03 gamma: set frequency 550 → 900 MHz, by owner \(telegram:1\): refused \(gamma: 900 MHz is outside/);
    expect(lines[3]).toBe('2026-11-22 14:02 gamma: set frequency 525 → 550 MHz, by owner (telegram:1): ok');
    expect(lines).toHaveLength(4);
    expect(textOf((await router.handleText(owner, '/audit 1'))?.blocks).split('\n')).toHaveLength(2);
    expect(textOf((await router.handleText(owner, '/audit 500'))?.blocks)).toContain('between 1 and 50');
  });

  it('audits every refusal made before the Confirm button (README: every refusal is in the audit log)', async () => {
    const router = setup();
    await world.miners.get('gamma')?.poll();
    for (const line of ['/set gamma freq 700', '/set gamma volt 1400', '/set gamma fan 10', '/set gamma target 80']) {
      expect((await router.handleText(owner, line))?.buttons).toEqual([]);
    }
    await world.guard.acquireLock({ miner: 'gamma', owner: BENCH });
    await router.handleText(owner, '/restart gamma');
    const refused = auditRows(world.store).filter((r) => r.result === 'refused');
    expect(refused.map((r) => `${r.action}:${r.actor_id}`)).toEqual([
      'set:telegram:1', 'set:telegram:1', 'set:telegram:1', 'set:telegram:1', 'restart:telegram:1',
    ]);
    expect(refused[0]?.detail).toContain('700 MHz is outside');
    expect(refused[4]?.detail).toContain('is being benchmarked');
  });

  it('answers a change that changes nothing without asking to confirm', async () => {
    const router = setup();
    await world.miners.get('gamma')?.poll();
    const same = await router.handleText(owner, '/set gamma freq 525mhz');
    expect(textOf(same?.blocks)).toBe('gamma is already at 525 MHz; nothing to change.');
    expect(same?.buttons).toEqual([]);
    expect(textOf((await router.handleText(owner, '/set gamma fan auto'))?.blocks)).toBe('gamma is already at fan auto; nothing to change.');
    expect(auditRows(world.store)).toEqual([]);
  });
});
