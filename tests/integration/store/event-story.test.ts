/**
 * `/events` reads as a story: a settings change says what changed and by whom (an owner through axepilot, or someone
 * outside it), a restart the owner asked for is information, and one outage is one opening and one closing line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { parseConfig } from '../../../src/config/load.js';
import { AuditLog } from '../../../src/control/index.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import type { MinerRef, SettingsSnapshot } from '../../../src/fleet/events.js';
import { openStore, type Store } from '../../../src/store/store.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const T0 = Date.UTC(2026, 11, 2, 7, 0);
const MIN = 60_000;
const SETTINGS: SettingsSnapshot = { frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true, fanPct: null, tempTargetC: 60 };

let store: Store;
let collector: FleetCollector;
afterEach(async () => {
  await collector.stop();
  store.close();
});

async function world(): Promise<{ miner: MinerRef; audit: AuditLog; events: () => Promise<string[]> }> {
  store = openStore({ path: ':memory:' });
  const clock = new VirtualClock(T0);
  // The collector records what its bus announces; with no miners of its own, the test announces for it.
  collector = new FleetCollector({ miners: [], store, clock, log: silentLogger(), pollIntervalMs: 5000 });
  await collector.start();
  const record = store.miners.resolveMiner({ mac: 'AA:BB:CC:DD:EE:01', host: 'http://gamma.lan', name: 'gamma', model: 'gamma', asicModel: 'BM1370', hostname: 'gamma', firmware: 'v2.12.2', ts: T0 });
  const config = parseConfig({ timezone: 'UTC', chat: { admins: ['telegram:1'] } }, {});
  const router = new CommandRouter({
    commands: ALL_COMMANDS, services: { fleet: { miners: () => [] }, store, config, clock }, clock, log: silentLogger(),
    access: () => config.chat, rateLimit: { burst: 20, refillPerMinute: 6 },
  });
  const textOf = (blocks: ReplyBlock[] | undefined): string => (blocks ?? []).map((b) => (b.kind === 'text' ? b.text : '')).join('\n');
  return {
    miner: { name: 'gamma', host: 'http://gamma.lan', minerId: record.id },
    audit: new AuditLog(store.db),
    events: async () => textOf((await router.handleText(owner, '/events 20'))?.blocks).split('\n').slice(1).reverse(),
  };
}

describe('/events as a story', () => {
  it('says what a settings change changed and who made it', async () => {
    const { miner, audit, events } = await world();
    const actor = { kind: 'user' as const, id: 'telegram:1', name: 'owner' };
    audit.record({ ts: T0 + MIN, minerId: miner.minerId, miner: 'gamma', actor, action: 'set', before: { frequencyMhz: 525 }, after: { frequencyMhz: 575 }, result: 'ok', detail: null });
    collector.bus.emit('settingsChanged', { miner, at: T0 + MIN + 5000, before: SETTINGS, after: { ...SETTINGS, frequencyMhz: 575 } });
    collector.bus.emit('settingsChanged', { miner, at: T0 + 30 * MIN, before: { ...SETTINGS, frequencyMhz: 575 }, after: { ...SETTINGS, frequencyMhz: 575, autoFan: false, fanPct: 80 } });
    expect(await events()).toEqual([
      '2026-12-02 07:01 · gamma settings changed: frequency 525 → 575 MHz, by owner (telegram:1)',
      '2026-12-02 07:30 · gamma settings changed: fan auto → manual 80 %, outside axepilot',
    ]);
  });

  it('shows a restart the owner asked for as information, and an unasked one as a warning', async () => {
    const { miner, audit, events } = await world();
    audit.record({ ts: T0 + MIN, minerId: miner.minerId, miner: 'gamma', actor: { kind: 'user', id: 'telegram:1', name: 'owner' }, action: 'restart', before: null, after: null, result: 'ok', detail: null });
    collector.bus.emit('rebooted', { miner, at: T0 + MIN + 20_000, previousUptimeS: 677, uptimeS: 7 });
    collector.bus.emit('rebooted', { miner, at: T0 + 60 * MIN, previousUptimeS: 3579, uptimeS: 4 });
    expect(await events()).toEqual([
      '2026-12-02 07:01 · gamma restarted, as owner (telegram:1) asked',
      '2026-12-02 08:00 🟠 gamma rebooted (it had been up 1 h)',
    ]);
  });

  it('tells one outage in one opening and one closing line, with its duration once', async () => {
    const { miner, events } = await world();
    collector.bus.emit('offline', { miner, at: T0 + 30_000, lastGoodAt: T0, reason: 'gamma: /api/system/info unreachable (connection refused)' });
    // What the alert engine records for the same outage.
    store.events.add({ minerId: miner.minerId, ts: T0 + 60_000, kind: 'alert', severity: 'critical', message: 'gamma: offline, no answer for 1 min (…)', data: { kind: 'firing', rule: 'offline', miner: 'gamma' } });
    store.events.add({ minerId: miner.minerId, ts: T0 + 152_000, kind: 'alert', severity: 'info', message: 'gamma: back online after 3 min', data: { kind: 'resolved', rule: 'offline', miner: 'gamma' } });
    collector.bus.emit('online', { miner, at: T0 + 152_000, downMs: 152_000 });
    expect(await events()).toEqual([
      '2026-12-02 07:00 🟠 gamma is offline (gamma: /api/system/info unreachable (connection refused))',
      '2026-12-02 07:02 · gamma is back online after 3 min',
    ]);
  });
});
