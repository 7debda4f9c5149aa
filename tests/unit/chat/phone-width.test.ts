/**
 * A portrait phone shows about 35–45 monospace characters per line; a wider line wraps mid-column or scrolls. Every
 * monospace text the chat renderers produce for a fleet of 10 miners with 18-character names stays within 40.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resultsTable } from '../../../commands/bench.js';
import { AlertHistory } from '../../../src/alerts/delivery/alert-history.js';
import type { AlertDesk } from '../../../src/alerts/desk.js';
import { buildDigest, type DigestLine } from '../../../src/alerts/digest/digest.js';
import { formatDigestBlocks } from '../../../src/alerts/digest/digest-format.js';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { Measurement, PointResult } from '../../../src/bench/types.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { FirmwareProtectionWatch } from '../../../src/fleet/firmware-protection.js';
import type { Store } from '../../../src/store/store.js';
import { addMiner, insertPolls, openTempStore } from '../../integration/store/helpers.js';
import { gammaTelemetry } from '../alerts/harness.js';

const PHONE_COLUMNS = 40;
const NOW = Date.UTC(2026, 11, 2, 7, 42, 5);
const admin: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const viewer: ChatUser = { platform: 'telegram', id: '2', displayName: 'friend', chatId: '2', isGroup: false };

/** Ten miners, names of 18 characters, in every state the views know. */
function fleet(): MinerView[] {
  const names = Array.from({ length: 10 }, (_, i) => `bitaxe-gamma-att${String(i).padStart(2, '0')}`);
  expect(names.every((n) => n.length === 18)).toBe(true);
  const base = (name: string, extra: Partial<MinerView> = {}): MinerView => ({
    name, host: `http://192.168.100.${100 + names.indexOf(name)}:8080`, minerId: names.indexOf(name) + 1, online: true, lastGoodPollAt: NOW, lastError: '', asic: null,
    telemetry: gammaTelemetry({
      ts: NOW, hostname: name, hashrateGhs: 12_345.6, expectedHashrateGhs: 12_000, chipTempC: 71.5, vrTempC: 88.25, powerW: 212.5,
      poolUser: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe-gamma-attic',
      poolUrl: 'stratum+tcp://public-pool.io:21496', usingFallbackPool: true, overheat: true, powerFault: 'input voltage too low',
    }),
    ...extra,
  });
  const watch = new FirmwareProtectionWatch();
  watch.observe(gammaTelemetry({ ts: NOW - 30 * 60_000, frequencyMhz: 485, coreVoltageMv: 1200, autoFan: true }));
  watch.observe(gammaTelemetry({ ts: Date.UTC(2026, 11, 2, 7, 21), overheat: true, hashrateGhs: 0, autoFan: false, fanPct: 100 }));
  const degradedTelemetry = gammaTelemetry({ ts: NOW, frequencyMhz: 400, coreVoltageMv: 1100, autoFan: false, fanPct: 100, hashrateGhs: 360 });
  return names.map((name, i) => {
    if (i === 1) return base(name, { online: false, lastGoodPollAt: NOW - 3 * 86_400_000, lastError: `${name}: /api/system/info unreachable (connection refused after 3 tries)` });
    if (i === 2) return base(name, { online: false, notAxeOs: true, telemetry: null });
    if (i === 3) return base(name, { telemetry: degradedTelemetry, degraded: watch.observe(degradedTelemetry) });
    if (i === 4) return base(name, { flapping: true });
    if (i === 5) return base(name, { online: false, telemetry: null, lastGoodPollAt: null, lastError: 'never answered' });
    return base(name);
  });
}

function monoLines(blocks: readonly ReplyBlock[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'text' && b.style === 'mono' ? b.text.split('\n') : []));
}

describe('chat on a phone', () => {
  let cleanup = (): void => undefined;
  afterEach(() => cleanup());

  /** An hour of large numbers for every miner, so /history shows its widest lines. */
  function storeWithHistory(miners: MinerView[]): Store {
    const opened = openTempStore({ pollIntervalMs: 60_000 });
    cleanup = opened.cleanup;
    const span = opened.store.watch.begin(NOW - 3_600_000);
    miners.forEach((m, i) => {
      const id = addMiner(opened.store, m.name, `AA:00:00:00:00:${String(i).padStart(2, '0')}`);
      m.minerId = id;
      insertPolls(opened.store, id, { fromMs: NOW - 3_600_000, toMs: NOW, stepMs: 60_000 }, (ts) => ({
        hashrateGhs: 12_345.6 + (ts % 7) * 100, expectedHashrateGhs: 12_000, powerW: 212.5, chipTempC: 71.5, vrTempC: 88.25,
        bestDiff: 1.2e12, sharesAccepted: 1_234_567, sharesRejected: 12_345,
      }));
    });
    opened.store.watch.extend(span, NOW - 2000);
    return opened.store;
  }

  it(`keeps every monospace line within ${PHONE_COLUMNS} characters for 10 miners with 18-character names`, async () => {
    const miners = fleet();
    const store = storeWithHistory(miners);
    const clock = new VirtualClock(NOW);
    const config = parseConfig({ timezone: 'Europe/Berlin', energy: { pricePerKwh: 0.35, currency: 'EUR' }, chat: { admins: ['telegram:1'], viewers: ['telegram:2'] } }, {});
    // The digest as the alert desk builds it, from the same hour of history.
    const history = new AlertHistory(store, silentLogger());
    const alerts = {
      buildDigest: () => buildDigest({ store, config, history, now: NOW, miners: miners.map((m) => ({ name: m.name, minerId: m.minerId })) }),
    } as unknown as AlertDesk;
    const router = new CommandRouter({
      commands: ALL_COMMANDS, services: { fleet: { miners: () => miners }, store, config, clock, alerts }, clock, log: silentLogger(),
      access: () => config.chat, rateLimit: { burst: 500, refillPerMinute: 500 },
    });
    const first = miners[0]?.name ?? '';
    const lines = [
      '/status', '/status all', '/miners', '/help', '/start', `/history ${first} 7d`, '/history fleet', `/events ${first}`,
      '/audit', `/autopilot ${first}`, '/digest', ...miners.map((m) => `/status ${m.name}`),
    ];
    const wide: string[] = [];
    const withMono = new Set<string>();
    let monoCount = 0;
    for (const user of [admin, viewer]) {
      for (const line of lines) {
        const reply = await router.handleText(user, line);
        for (const text of monoLines(reply?.blocks ?? [])) {
          monoCount++;
          withMono.add(line);
          if ([...text].length > PHONE_COLUMNS) wide.push(`${line}: ${[...text].length} "${text}"`);
        }
      }
    }
    expect(monoCount).toBeGreaterThan(100);
    // The views that have tables and cards were all measured, not answered with an error.
    expect([...withMono]).toEqual(expect.arrayContaining([
      '/status', '/status all', '/miners', `/history ${first} 7d`, '/history fleet', `/status ${first}`, '/digest',
    ]));
    expect(wide).toEqual([]);
  });

  it(`keeps the daily digest within ${PHONE_COLUMNS} characters, at the widest numbers a day of 10 miners gives`, () => {
    const line = (name: string): DigestLine => ({
      name, hashrateGhs: 123_456.7, expectedGhs: 120_000, pctOfExpected: 102.9, jth: 117.25, energyKwh: 51.2, cost: 17.92,
      uptimePct: 99.6, watchedMs: 86_400_000, bestDiff: 1.23e15, sharesAccepted: 12_345_678, sharesRejected: 1_234, alertsFired: 123,
    });
    const names = fleet().map((m) => m.name);
    const blocks = formatDigestBlocks({
      fromMs: NOW - 86_400_000, toMs: NOW, miners: names.map(line), fleet: line('fleet'), fired: [], autopilot: [], currency: 'EUR',
    }, { timeZone: 'Europe/Berlin' });
    const lines = monoLines(blocks);
    // Every miner is in it, with every number: what does not fit goes on to the next line.
    for (const name of names) expect(lines.some((l) => l.startsWith(`${name}  123,457 GH/s (103 %)`))).toBe(true);
    const said = lines.join('\n');
    for (const value of ['123 alerts', 'up 100 %', '117.3 J/TH', 'best 1.23P', '51.2 kWh (17.92 EUR)', '12,345,678 shares']) {
      expect(said.split(value)).toHaveLength(names.length + 1);
    }
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(PHONE_COLUMNS);
  });

  it(`keeps a benchmark's results table within ${PHONE_COLUMNS} characters, at the widest numbers a NerdQAxe++ gives`, () => {
    const stat = (mean: number): { mean: number } => ({ mean });
    const points: PointResult[] = Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1, point: { frequencyMhz: 1000 + i, coreVoltageMv: 1250 }, purpose: 'voltage search', verdict: i % 2 ? 'no-data' : 'refused',
      failures: [], startedAt: NOW, endedAt: NOW,
      measurement: {
        effectiveHashrateGhs: stat(4_812.4), powerW: stat(82.5), efficiencyJth: stat(17.25), errorPct: stat(12.5), chipTempC: stat(101.2),
      } as unknown as Measurement,
    }));
    const table = resultsTable(points);
    expect(table).toContain('1039/1250');
    for (const line of table.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(PHONE_COLUMNS);
  });
});
