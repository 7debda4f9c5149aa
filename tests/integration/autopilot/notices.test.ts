import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../../src/alerts/alerting.js';
import { computeDigest } from '../../../src/alerts/digest/digest.js';
import { formatDigestBlocks } from '../../../src/alerts/digest/digest-format.js';
import { alertNotificationOf, AutopilotService, AUTOPILOT_ACTOR } from '../../../src/autopilot/index.js';
import { silentLogger } from '../../../src/core/logger.js';
import { MIN, rig, type Rig } from './rig.js';
import { fakePlatforms } from '../../fakes/chat-platform.js';

let world: Rig | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

describe("the autopilot's notices", () => {
  it('reach info subscribers quietly through the outbox, a call for a person reaches everyone loudly, and the digest counts them', async () => {
    world = await rig();
    const w = world;
    const log = silentLogger();
    const alerting = createAlerting({
      config: w.config, store: w.store, clock: w.clock, log, bus: w.collector.bus, platforms: fakePlatforms('telegram'),
      miners: () => w.collector.miners.map((m) => ({ name: m.miner.name, minerId: m.miner.minerId })),
    });
    const now = w.clock.now();
    alerting.subscriptions.subscribe({ platform: 'telegram', chatId: '100', minSeverity: 'info', by: 'telegram:1', now });
    alerting.subscriptions.subscribe({ platform: 'telegram', chatId: '200', minSeverity: 'warning', by: 'telegram:2', now });
    await w.autopilot.stop();
    const autopilot = new AutopilotService({
      store: w.store, clock: w.clock, log, config: w.config, guard: w.guard, bus: w.collector.bus,
      notify: (notice) => alerting.delivery.deliver(alertNotificationOf(notice)),
    });
    await autopilot.start();
    w.autopilot = autopilot;
    w.benchmarkFromTruth('gamma');
    autopilot.setMode('gamma', 'hashrate', AUTOPILOT_ACTOR);
    await w.advance(30 * MIN);
    w.devices.get('gamma')?.injectFault('flatline');
    await w.advance(3 * 60 * MIN);

    const quiet = alerting.outbox.pending({ platform: 'telegram', chatId: '100' }, 100);
    const texts = quiet.map((r) => (r.message.blocks[0]?.kind === 'text' ? r.message.blocks[0].text : ''));
    expect(texts).toContain('🤖 gamma: 525 → 550 MHz, every limit has had headroom for 10 min');
    expect(quiet.find((r) => r.kind === 'news')?.silent).toBe(true);
    const loud = alerting.outbox.pending({ platform: 'telegram', chatId: '200' }, 100);
    expect(loud).toHaveLength(1);
    expect(loud[0]).toMatchObject({ kind: 'firing', silent: false });
    expect(loud[0]?.message.blocks[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/^🔴 gamma: no hashrate for \d+ min although it answers, and 3 restarts/) as unknown });

    const digest = computeDigest({ store: w.store, config: w.config, miners: [{ name: 'gamma', minerId: w.collector.miners[0]?.miner.minerId ?? null }], history: alerting.history, now: w.clock.now() });
    // Every decision here was told (mode, start, climbs, restarts, the call for a person).
    const decisions = autopilot.decisions('gamma', { limit: 100 });
    expect(decisions.length).toBeGreaterThanOrEqual(8);
    expect(digest.autopilot).toEqual([{ name: 'gamma', notices: decisions.length }]);
    const blocks = formatDigestBlocks(digest, { timeZone: 'UTC' });
    expect(blocks.at(-1)).toMatchObject({ text: `🤖 The autopilot acted or reported ${decisions.length} times (gamma ${decisions.length}); /autopilot <miner> log says why.` });
  }, 180_000);
});
