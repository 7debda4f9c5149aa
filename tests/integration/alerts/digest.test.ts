import { afterEach, describe, expect, it } from 'vitest';
import { AlertHistory } from '../../../src/alerts/delivery/alert-history.js';
import { buildDigest, computeDigest, type DigestInput } from '../../../src/alerts/digest/digest.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { renderTimeChart } from '../../../src/charts/render.js';
import { buildMetricChart } from '../../../src/chat/metric-chart.js';
import { parseConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Store } from '../../../src/store/store.js';
import { addMiner, DAY, HOUR, insertPolls, MINUTE, openTempStore, T0 } from '../store/helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

const NOW = T0 + DAY;

function alertAt(ts: number, overrides: Partial<AlertNotification>): AlertNotification {
  return {
    id: `n${ts}`, kind: 'firing', rule: 'lowHashrate', severity: 'warning', miners: ['beta'], alertIds: [`a${ts}`],
    text: '🟠 beta: hashrate 500 GH/s, 50 % of expected 1,000 GH/s (warning < 80 %)', silent: false, actionable: false, createdAt: ts,
    ...overrides,
  };
}

/**
 * alpha hashes all day at 1 TH/s for 20 W; beta hashes half of what it should at 15 W and goes dark at noon; gamma is
 * configured but never answered.
 */
function fleetDay(): { store: Store; input: DigestInput } {
  const opened = openTempStore({ pollIntervalMs: MINUTE });
  cleanup = opened.cleanup;
  const store = opened.store;
  const alpha = addMiner(store, 'alpha', 'AA:00:00:00:00:01');
  const beta = addMiner(store, 'beta', 'AA:00:00:00:00:02');
  insertPolls(store, alpha, { fromMs: T0, toMs: NOW, stepMs: MINUTE }, (ts) => ({
    hashrateGhs: 1000, expectedHashrateGhs: 1000, powerW: 20, sharesAccepted: 10 * ((ts - T0) / MINUTE), sharesRejected: 0,
    bestDiff: 4.2e9, uptimeS: 3600 + (ts - T0) / 1000,
  }));
  insertPolls(store, beta, { fromMs: T0, toMs: T0 + 12 * HOUR, stepMs: MINUTE }, (ts) => ({
    hashrateGhs: 500, expectedHashrateGhs: 1000, powerW: 15, sharesAccepted: 5 * ((ts - T0) / MINUTE), sharesRejected: Math.floor((ts - T0) / HOUR),
    bestDiff: 1.5e8, uptimeS: 3600 + (ts - T0) / 1000,
  }));
  // The service watched the whole day.
  store.watch.record(T0 - HOUR, NOW);
  const history = new AlertHistory(store, silentLogger());
  history.record(alertAt(T0 - HOUR, {}));
  history.record(alertAt(T0 + 2 * HOUR, {}));
  history.record(alertAt(T0 + 3 * HOUR, { kind: 'resolved', text: '🟢 beta: hashrate back to 1,000 GH/s (100 % of expected) after 1 h' }));
  history.record(alertAt(T0 + 12 * HOUR + 5 * MINUTE, {
    rule: 'offline', severity: 'critical', text: '🔴 beta: offline, no answer for 5 min (connection refused)',
  }));
  const config = parseConfig({ timezone: 'Europe/Berlin', energy: { pricePerKwh: 0.3, currency: 'EUR' } }, {});
  const input: DigestInput = {
    store, config, history, now: NOW,
    miners: [{ name: 'alpha', minerId: alpha }, { name: 'beta', minerId: beta }, { name: 'gamma', minerId: null }],
  };
  return { store, input };
}

describe('the daily digest', () => {
  it('adds up each miner and the fleet over the last 24 h', () => {
    const { input } = fleetDay();
    const digest = computeDigest(input);
    const [alpha, beta, gamma] = digest.miners;
    expect(alpha).toMatchObject({ name: 'alpha', uptimePct: 100, sharesAccepted: 14_390, sharesRejected: 0, bestDiff: 4.2e9, alertsFired: 0 });
    expect(alpha?.hashrateGhs).toBeCloseTo(1000, 6);
    expect(alpha?.pctOfExpected).toBeCloseTo(100, 6);
    expect(alpha?.jth).toBeCloseTo(20, 6);
    expect(alpha?.energyKwh).toBeCloseTo(0.48, 6);
    expect(alpha?.cost).toBeCloseTo(0.144, 6);
    // Offline half the day: the day's average counts the dark hours as zero.
    expect(beta).toMatchObject({ uptimePct: 50, sharesRejected: 11, alertsFired: 2 });
    expect(beta?.hashrateGhs).toBeCloseTo(250, 6);
    expect(beta?.pctOfExpected).toBeCloseTo(25, 6);
    expect(beta?.jth).toBeCloseTo(30, 6);
    expect(beta?.energyKwh).toBeCloseTo(0.18, 6);
    expect(gamma).toMatchObject({ hashrateGhs: null, uptimePct: 0, energyKwh: 0, alertsFired: 0 });
    expect(digest.fleet).toMatchObject({ name: 'fleet', uptimePct: 50, bestDiff: 4.2e9, alertsFired: 2, sharesAccepted: 14_390 + 3_595 });
    expect(digest.fleet.hashrateGhs).toBeCloseTo(1250, 6);
    expect(digest.fleet.pctOfExpected).toBeCloseTo(62.5, 6);
    expect(digest.fleet.energyKwh).toBeCloseTo(0.66, 6);
    expect(digest.fleet.cost).toBeCloseTo(0.198, 6);
    // 2.376 MJ for 86,400 + 21,600 TH.
    expect(digest.fleet.jth).toBeCloseTo(22, 6);
    expect(digest.fired.map((f) => f.rule)).toEqual(['lowHashrate', 'offline']);
  });

  it('reads as a title, a sentence, three short lines per miner and the alerts, with the fleet chart attached', async () => {
    const { store, input } = fleetDay();
    const message = await buildDigest({
      ...input,
      chart: (fromMs, toMs) =>
        renderTimeChart(buildMetricChart({
          store, config: parseConfig({}, {}), metric: 'hashrate', fleet: true, rangeLabel: '24h', fromMs, toMs,
          miners: input.miners.map((m) => ({ name: m.name, minerId: m.minerId })),
        })),
    });
    const texts = message.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    expect(texts).toEqual([
      'Daily digest: the 24 h to 2026-01-02 01:00',
      'Fleet (3 miners): 1.25 TH/s on average (63 % of expected) · 22.0 J/TH · 0.66 kWh (0.20 EUR) · uptime 50 % · ' +
        'best difficulty 4.20G · 17,985 shares, 11 rejected',
      // Each miner in three lines a phone shows whole; the fleet's numbers are the sentence above.
      [
        'alpha  1,000 GH/s (100 %)',
        '  up 100 % · 20.0 J/TH · best 4.20G',
        '  0.48 kWh (0.14 EUR) · 14,390 shares',
        'beta  250 GH/s (25 %) · 2 alerts',
        '  up 50 % · 30.0 J/TH · best 150M',
        '  0.18 kWh (0.05 EUR) · 3,595 shares',
        'gamma  — GH/s',
        '  up 0 % · — J/TH · best —',
        '  0.00 kWh (0.00 EUR) · 0 shares',
      ].join('\n'),
      'Alerts that fired: 2\n' +
        '03:00 🟠 beta: hashrate 500 GH/s, 50 % of expected 1,000 GH/s (warning < 80 %)\n' +
        '13:05 🔴 beta: offline, no answer for 5 min (connection refused)',
    ]);
    const image = message.blocks.find((b) => b.kind === 'image');
    expect(image?.kind === 'image' && image.png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(image).toMatchObject({ caption: 'Fleet hashrate, last 24 h' });
  });

  it('averages over the time axepilot watched, and says so, when it was installed ten minutes ago', async () => {
    const opened = openTempStore({ pollIntervalMs: 5000 });
    cleanup = opened.cleanup;
    const store = opened.store;
    const alpha = addMiner(store, 'alpha', 'AA:00:00:00:00:01');
    const start = store.watch.begin(NOW - 10 * MINUTE);
    insertPolls(store, alpha, { fromMs: NOW - 10 * MINUTE, toMs: NOW, stepMs: 5000 }, () => ({ hashrateGhs: 2100, expectedHashrateGhs: 2100, powerW: 40 }));
    store.watch.extend(start, NOW - 3000);
    const history = new AlertHistory(store, silentLogger());
    const config = parseConfig({ timezone: 'UTC' }, {});
    const input: DigestInput = { store, config, history, now: NOW, miners: [{ name: 'alpha', minerId: alpha }] };
    const digest = computeDigest(input);
    expect(digest.fleet.hashrateGhs).toBeCloseTo(2100, 6);
    expect(digest.fleet.uptimePct).toBeCloseTo(100, 6);
    const texts = (await buildDigest(input)).blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    expect(texts[1]).toMatch(/^Fleet \(1 miner\): 2\.10 TH\/s on average \(100 % of expected\) · .* · watched 10 min of the 24 h, up 100 % of that ·/);
  });

  it('counts in each miner\'s alerts the alerts it lists, also for a miner that never answered', () => {
    const { input } = fleetDay();
    input.history.record(alertAt(T0 + 13 * HOUR, {
      rule: 'offline', severity: 'critical', miners: ['gamma'], text: '🔴 gamma: offline, no answer for 1 min (connection refused)',
    }));
    const digest = computeDigest(input);
    expect(digest.miners.map((m) => [m.name, m.alertsFired])).toEqual([['alpha', 0], ['beta', 2], ['gamma', 1]]);
    expect(digest.fleet.alertsFired).toBe(3);
  });
});
