import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { BenchService } from '../../../src/bench/service.js';
import { driveVirtualClock } from '../../../src/bench/sim-run.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter, type PreparedReply } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { silentLogger } from '../../../src/core/logger.js';
import { chatKey } from '../../../src/messaging/chat-target.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import { FakeChatPlatform } from '../../fakes/chat-platform.js';
import { benchWorld, flashSettings, restorePointCount, type BenchWorld } from './harness.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '100', isGroup: false };
const other: ChatUser = { platform: 'telegram', id: '2', displayName: 'partner', chatId: '100', isGroup: true };

let world: BenchWorld;
let bench: BenchService;
afterEach(async () => {
  await bench.stop();
  await world.guard.stop();
  world.cleanup();
});

const textOf = (blocks: ReplyBlock[] | undefined): string =>
  (blocks ?? []).map((b) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');
const buttonId = (reply: PreparedReply | null, label: string): string => reply?.buttons.flat().find((b) => b.label === label)?.id ?? 'missing';

/** What the chat saw: the chats posted to, and each posted message with its edits (`m1`: post, edit, edit …). */
function chatReporter(fake: FakeChatPlatform): { messages: Map<string, string[]>; chats: string[] } {
  return {
    get chats() {
      return fake.sent.map((s) => chatKey(s.target));
    },
    get messages() {
      const messages = new Map<string, string[]>();
      fake.sent.forEach((s, i) => messages.set(`m${i + 1}`, [s.text, ...fake.edits.filter((e) => e.id === String(i + 1)).map((e) => e.text)]));
      return messages;
    },
  };
}

async function setup(options: { firmware?: 'nerdqaxe'; polled?: boolean } = {}): Promise<{ router: CommandRouter; reporter: ReturnType<typeof chatReporter>; view: MinerView }> {
  world = await benchWorld({
    seed: 2, config: { chat: { admins: ['telegram:1', 'telegram:2'] } },
    ...(options.firmware ? { model: 'nerdqaxe++' as const, firmware: options.firmware } : {}),
  });
  bench = new BenchService({ guard: world.guard, store: world.store, clock: world.clock, log: silentLogger(), config: world.config });
  await bench.start();
  const telegram = new FakeChatPlatform('telegram');
  bench.useMessaging(new ChatPlatforms().register(telegram));
  const reporter = chatReporter(telegram);
  const view: MinerView = {
    name: world.miner, host: 'http://sim.lan', minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
  };
  if (options.polled) view.telemetry = (await world.client.getInfo()).telemetry;
  const services = { fleet: { miners: () => [view] }, store: world.store, config: world.config, clock: world.clock, guard: world.guard, bench };
  const router = new CommandRouter({
    commands: ALL_COMMANDS, services, clock: world.clock, log: silentLogger(),
    access: () => ({ admins: world.config.chat.admins, viewers: [] }), rateLimit: { burst: 50, refillPerMinute: 60 },
  });
  return { router, reporter, view };
}

describe('/bench through the chat router', () => {
  it('asks first, runs in the background with one edited progress message, then shows results and applies a profile', async () => {
    const { router, reporter } = await setup();
    const miner = world.miner;
    const asked = await router.handleText(owner, `/bench ${miner}`);
    expect(textOf(asked?.blocks)).toContain(`Benchmark ${miner} (smart, quick, efficiency)?`);
    expect(asked?.buttons.flat().map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    expect((await router.pressButton(other, buttonId(asked, 'Confirm'))).notice).toContain('Only the person who asked');
    expect(bench.running()).toEqual([]);

    const confirmed = await router.pressButton(owner, buttonId(asked, 'Confirm'));
    expect(textOf(confirmed.reply?.blocks)).toContain(`Benchmark of ${miner} started.`);
    expect(bench.running().map((r) => r.miner)).toEqual([miner]);
    expect(textOf((await router.handleText(owner, `/bench ${miner}`))?.blocks)).toContain('already being benchmarked');

    const result = await driveVirtualClock(world.clock, bench.finished(miner));
    expect(result?.state).toBe('done');
    expect(bench.running()).toEqual([]);
    // One progress message edited in place, then the end as a new message (it rings; an edit would not).
    expect(reporter.chats).toEqual(['telegram:100', 'telegram:100']);
    expect(reporter.messages.size).toBe(2);
    const edits = reporter.messages.get('m1') ?? [];
    expect(edits.length).toBeGreaterThan(2);
    expect(edits.some((t) => t.includes('best so far:') && t.includes('ETA'))).toBe(true);
    expect(edits.at(-1)).toBe(`Benchmark of ${miner}: over; the result is below.`);
    expect(reporter.messages.get('m2')?.[0]).toContain('done after');
    expect(flashSettings(world)).toEqual({ frequencyMhz: 525, coreVoltageMv: 1150 });

    const results = await router.handleText(owner, `/bench results ${miner}`);
    const blocks = results?.blocks ?? [];
    expect(textOf(blocks)).toContain('smart, efficiency, done');
    expect(blocks.some((b) => b.kind === 'text' && b.style === 'mono' && b.text.includes('J/TH'))).toBe(true);
    expect(textOf(blocks)).toContain('eco:');
    const image = blocks.find((b) => b.kind === 'image');
    expect(image?.kind === 'image' && image.png.subarray(1, 4).toString()).toBe('PNG');

    const eco = bench.profile(miner, 'eco');
    // The restore at the end was a write; the guard spaces writes (limits.minWriteIntervalSeconds).
    await world.clock.advance(10_000);
    const applyAsk = await router.handleText(owner, `/bench apply ${miner} eco`);
    expect(textOf(applyAsk?.blocks)).toContain('eco profile');
    const applied = await router.pressButton(owner, buttonId(applyAsk, 'Confirm'));
    expect(textOf(applied.reply?.blocks)).toContain('Done:');
    expect(flashSettings(world)).toEqual(eco?.point);
  });

  it('/bench stop ends a running benchmark and puts the settings back', async () => {
    const { router } = await setup();
    const miner = world.miner;
    expect(textOf((await router.handleText(owner, '/bench stop'))?.blocks)).toBe('No benchmark is running.');
    const asked = await router.handleText(owner, `/bench ${miner} full hashrate`);
    await router.pressButton(owner, buttonId(asked, 'Confirm'));
    await world.clock.advance(60_000);
    expect(flashSettings(world)).not.toEqual({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(textOf((await router.handleText(owner, '/bench stop'))?.blocks)).toContain(`Stopping the benchmark of ${miner}`);
    const result = await driveVirtualClock(world.clock, bench.finished(miner));
    expect(result?.state).toBe('cancelled');
    expect(flashSettings(world)).toEqual({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(restorePointCount(world.store)).toBe(0);
    expect(textOf((await router.handleText(owner, `/bench apply ${miner} max`))?.blocks)).toContain('has no max profile yet');
  });

  it('while it runs, /status shows the miner as bench and /bench results says how far it got; after a stop, what happened', async () => {
    const { router } = await setup({ polled: true });
    const miner = world.miner;
    expect(textOf((await router.handleText(owner, '/status'))?.blocks)).not.toMatch(/\bbench\b/);
    const asked = await router.handleText(owner, `/bench ${miner}`);
    await router.pressButton(owner, buttonId(asked, 'Confirm'));
    // The run reads the miner before it takes it.
    await world.clock.advance(1_000);
    const table = textOf((await router.handleText(owner, '/status'))?.blocks);
    expect(table.split('\n').find((line) => line.includes(miner))).toMatch(/\bbench\b/);
    expect(textOf((await router.handleText(owner, `/status ${miner}`))?.blocks)).toContain('State: bench');
    expect(textOf((await router.handleText(owner, `/bench results ${miner}`))?.blocks)).toContain('running: measuring its first point');
    while ((bench.results(miner)?.points.length ?? 0) < 1) await world.clock.advance(1_000);
    expect(textOf((await router.handleText(owner, `/bench results ${miner}`))?.blocks)).toContain('running: 1 point so far, which passed');
    bench.cancel(miner);
    await driveVirtualClock(world.clock, bench.finished(miner));
    expect(textOf((await router.handleText(owner, `/bench results ${miner}`))?.blocks)).toContain('stopped after 1 point, which passed');
    expect(textOf((await router.handleText(owner, '/status'))?.blocks)).not.toMatch(/\bbench\b/);
  });

  it('a manual fan is named before it starts, with auto fan offered; a firmware without an error counter is named in the results', async () => {
    const { router, view } = await setup({ firmware: 'nerdqaxe', polled: true });
    const miner = world.miner;
    if (view.telemetry) view.telemetry = { ...view.telemetry, autoFan: false, fanPct: 45 };
    const asked = textOf((await router.handleText(owner, `/bench ${miner}`))?.blocks);
    expect(asked).toContain('fan is on manual (45 %)');
    expect(asked).toContain(`/set ${miner} fan auto`);
    bench.begin({ miner, mode: 'quick', objective: 'efficiency', actor: { kind: 'user', id: 'telegram:1', name: 'owner' } });
    await driveVirtualClock(world.clock, bench.finished(miner));
    expect(textOf((await router.handleText(owner, `/bench results ${miner}`))?.blocks)).toContain('no error counter on this firmware: judged by hashrate');
  });
});
