/**
 * `/status` tells the truth: a miner the firmware's protection left below its settings is degraded, a miner that does
 * not answer shows when it was last seen (not its last numbers as if live), a host that is another device is "not
 * AxeOS", and the card shows what owners watch in AxeOS (Wi-Fi, 10-minute hashrate, pool user and response time).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { parseConfig } from '../../../src/config/load.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import type { MinerView } from '../../../src/chat/services.js';
import { FirmwareProtectionWatch } from '../../../src/fleet/firmware-protection.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { gammaTelemetry } from '../alerts/harness.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const NOW = Date.UTC(2026, 11, 2, 7, 42, 5);
const textOf = (blocks: ReplyBlock[] | undefined): string =>
  (blocks ?? []).map((b) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');

function view(name: string, extra: Partial<MinerView>): MinerView {
  return { name, host: `http://192.168.1.${name.length}`, minerId: 1, online: true, telemetry: null, lastGoodPollAt: NOW, lastError: '', asic: null, ...extra };
}

/** An Ultra whose firmware (2.11+) backed it off after an overheat at 07:21. */
function degradedUltra(): MinerView {
  const watch = new FirmwareProtectionWatch();
  watch.observe(gammaTelemetry({ ts: NOW - 30 * 60_000, frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true }));
  watch.observe(gammaTelemetry({ ts: Date.UTC(2026, 11, 2, 7, 21), overheat: true, hashrateGhs: 0, autoFan: false, fanPct: 100 }));
  const telemetry = gammaTelemetry({
    ts: NOW, frequencyMhz: 400, coreVoltageMv: 1100, autoFan: false, fanPct: 100, hashrateGhs: 360, expectedHashrateGhs: 356, overheat: false,
  });
  return view('ultra', { telemetry, degraded: watch.observe(telemetry) });
}

describe('/status', () => {
  let store: Store;
  afterEach(() => store.close());

  async function ask(miners: MinerView[], line: string): Promise<string> {
    store = openStore({ path: ':memory:' });
    const clock = new VirtualClock(NOW);
    const config = parseConfig({ timezone: 'UTC', chat: { admins: ['telegram:1'] } }, {});
    const router = new CommandRouter({
      commands: ALL_COMMANDS, services: { fleet: { miners: () => miners }, store, config, clock }, clock, log: silentLogger(),
      access: () => config.chat, rateLimit: { burst: 20, refillPerMinute: 6 },
    });
    return textOf((await router.handleText(owner, line))?.blocks);
  }

  it('calls a miner the firmware\'s protection left below its settings degraded, and says what it was left at', async () => {
    const card = await ask([degradedUltra()], '/status ultra');
    expect(card).toContain('State: degraded\n  firmware protection (07:21):\n  400 MHz / 1100 mV, fan manual 100 %\n  (was 485 / 1200, auto)');
    const table = await ask([degradedUltra()], '/status');
    expect(table).toMatch(/ultra\s+degraded/);
    expect(table).toContain('ultra: below its settings since the firmware\'s overheat protection');
  });

  it('shows an offline miner\'s last contact, not its last numbers as if live, and counts it against the fleet', async () => {
    const gone = view('supra', {
      online: false, lastGoodPollAt: NOW - 65_000, lastError: 'supra: /api/system/info unreachable (connection refused)',
      telemetry: gammaTelemetry({ ts: NOW - 65_000, hashrateGhs: 621, uptimeS: 1814 }),
    });
    const card = await ask([gone], '/status supra');
    expect(card).toContain('State: offline\nLast seen 07:41 (1 min ago)');
    expect(card).not.toContain('621');
    expect(card).not.toContain('Uptime');
    const live = view('gamma', { telemetry: gammaTelemetry({ ts: NOW, hashrateGhs: 1071, expectedHashrateGhs: 1071 }) });
    expect(await ask([live, { ...gone }], '/status')).toContain('Fleet: 1 of 2 online · 1.07 TH/s (50 % of expected)');
  });

  it('calls a host that answers as another device "not AxeOS", not offline', async () => {
    const router = view('router', { online: false, notAxeOs: true, lastGoodPollAt: null, lastError: 'router: /api/system/info answered HTTP 404' });
    expect(await ask([router], '/status')).toMatch(/router\s+not AxeOS/);
    const card = await ask([router], '/status router');
    expect(card).toContain('State: not AxeOS\nThe host answers, but not as an AxeOS\nminer: is this the right address?');
    expect(await ask([router], '/miners')).toMatch(/router\s+not AxeOS\n\s+192\.168\.1\.6 · — · —/);
  });

  it('shows Wi-Fi, the 10-minute hashrate, pool user and response time, and the fallback pool', async () => {
    const telemetry = gammaTelemetry({
      ts: NOW, wifiRssi: -67, hashrate10mGhs: 1072.3, usingFallbackPool: true, poolUrl: 'solo.ckpool.org:3333',
      poolUser: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe', poolResponseMs: 188.482,
    });
    const card = await ask([view('gamma', { telemetry })], '/status gamma');
    expect(card).toContain('  10-min average 1.07 TH/s');
    expect(card).toContain('Pool: solo.ckpool.org:3333\n  ⚠️ on its FALLBACK pool\n  user bc1qnp980s5…zlc5qkc4rkq.bitaxe\n  response 188 ms');
    expect(card).toContain('Wi-Fi: -67 dBm (fair)');
    expect(await ask([view('gamma', { telemetry })], '/status')).toContain('gamma: on its FALLBACK pool');
  });

  it('/status all shows every miner\'s card', async () => {
    const out = await ask([degradedUltra(), view('gamma', { telemetry: gammaTelemetry({ ts: NOW }) })], '/status all');
    expect(out.match(/^State: /gm)).toHaveLength(2);
    expect(out).toContain('ultra\nState: degraded');
    expect(out).toContain('gamma\nState: ok');
  });
});
