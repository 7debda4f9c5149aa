/**
 * `/history` counts only the time axepilot was watching: ten minutes after the first start it does not say "uptime
 * 0.2 % of 1d" for a miner that hashed all along; `/history fleet` adds the miners up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { addMiner, DAY, insertPolls, MINUTE, openTempStore, T0 } from './helpers.js';

const owner: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const NOW = T0 + DAY;
let cleanup: () => void = () => undefined;
afterEach(() => cleanup());

async function history(line: string): Promise<string> {
  const opened = openTempStore({ pollIntervalMs: 5000 });
  cleanup = opened.cleanup;
  const { store } = opened;
  const gamma = addMiner(store, 'gamma', 'AA:00:00:00:00:01');
  const supra = addMiner(store, 'supra', 'AA:00:00:00:00:02');
  // First start ten minutes ago; both miners answered every poll since.
  const span = store.watch.begin(NOW - 10 * MINUTE);
  for (const [id, ghs] of [[gamma, 1200], [supra, 600]] as const) {
    insertPolls(store, id, { fromMs: NOW - 10 * MINUTE, toMs: NOW, stepMs: 5000 }, () => ({ hashrateGhs: ghs, expectedHashrateGhs: ghs, powerW: 20 }));
  }
  store.watch.extend(span, NOW - 2000);
  const view = (name: string, minerId: number): MinerView => ({ name, host: `http://${name}.lan`, minerId, online: true, telemetry: null, lastGoodPollAt: NOW, lastError: '', asic: null });
  const clock = new VirtualClock(NOW);
  const config = parseConfig({ timezone: 'UTC', chat: { admins: ['telegram:1'] } }, {});
  const router = new CommandRouter({
    commands: ALL_COMMANDS, services: { fleet: { miners: () => [view('gamma', gamma), view('supra', supra)] }, store, config, clock },
    clock, log: silentLogger(), access: () => config.chat, rateLimit: { burst: 20, refillPerMinute: 6 },
  });
  const reply = await router.handleText(owner, line);
  return (reply?.blocks ?? []).map((b: ReplyBlock) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');
}

describe('/history', () => {
  it('says how long axepilot watched and the uptime of that, not of the whole day', async () => {
    const out = await history('/history gamma');
    expect(out).toContain('Watched    10 min of the last 1 d\nUptime     100.0 % of that');
    expect(out).not.toContain('Uptime     0.');
  });

  it('/history fleet adds the miners up over the watched time', async () => {
    const out = await history('/history fleet');
    expect(out).toContain('Fleet, last 24h');
    expect(out).toContain('Miners     2\nHashrate   avg 1.80 TH/s\n           of 1.80 TH/s expected');
    expect(out).toContain('Watched    10 min of the last 1 d\nUptime     100.0 % of that');
    expect(out).toContain('[image]');
  });
});
