/**
 * `npm run readme:chart`: the README's example chart, made by the code that answers `/chart` from the demo's own
 * simulated day, so the picture shows what a newcomer's `/chart supra` really looks like (the night's Wi-Fi drop
 * included). Deterministic: a fixed day and the demo's seeds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTimeChart } from '../charts/render.js';
import { buildMetricChart } from '../chat/metric-chart.js';
import { parseConfig } from '../config/load.js';
import { VirtualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { SimulatedMiner } from '../sim/device.js';
import { openStore } from '../store/store.js';
import { DemoClock } from './demo-clock.js';
import { DEMO_MINERS } from './demo-fleet.js';
import { dailyAmbientC, writeDemoHistory, DEMO_HISTORY_SPAN_MS } from './history.js';

export const README_CHART_PATH = fileURLToPath(new URL('../../docs/chart-example.png', import.meta.url));
const README_CHART_MINER = 'supra';
const DAY_END = Date.UTC(2026, 11, 2, 9, 0);

export async function renderReadmeChart(): Promise<Buffer> {
  const config = parseConfig({ timezone: 'UTC' }, {});
  const store = openStore({ path: ':memory:', pollIntervalMs: config.pollIntervalSeconds * 1000 });
  try {
    const clock = new DemoClock(new VirtualClock(DAY_END));
    const fromMs = DAY_END - DEMO_HISTORY_SPAN_MS;
    clock.setTo(fromMs);
    // The same seeds startSimFleet gives the demo's miners.
    const miners = DEMO_MINERS.map((m, index) => ({
      name: m.name, host: `sim-${m.name}`,
      device: new SimulatedMiner({ model: m.model, seed: 1000 + index + 1, clock, hostname: m.name }),
    }));
    writeDemoHistory({
      store, clock, miners, plan: { fromMs, untilMs: DAY_END }, stepMs: 2 * config.pollIntervalSeconds * 1000,
      ambientC: dailyAmbientC, log: silentLogger(),
      outage: { miner: 'supra', fromMs: DAY_END - 7 * 3_600_000, toMs: DAY_END - 7 * 3_600_000 + 20 * 60_000 },
    });
    const record = store.miners.byName(README_CHART_MINER);
    const spec = buildMetricChart({
      store, config, metric: 'hashrate', miners: [{ name: README_CHART_MINER, minerId: record?.id ?? null }], fleet: false,
      rangeLabel: '24h', fromMs, toMs: DAY_END,
    });
    return await renderTimeChart(spec);
  } finally {
    store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(README_CHART_PATH, await renderReadmeChart());
  process.stdout.write(`wrote ${README_CHART_PATH}\n`);
}
