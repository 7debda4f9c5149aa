/**
 * `npm run bench`: every performance figure axepilot promises, measured in one run on this machine, printed as
 * tables. Record the output in docs/performance.md with the date and machine. Nothing here is asserted: performance is
 * measured, never a pass/fail test.
 */
import { cpus } from 'node:os';
import { benchCharts } from './charts.js';
import { benchCollector, benchNormalize, benchSampleWrites } from './collector.js';
import { printFigures, type Figure } from './figure.js';
import { benchStatusLatency } from './status-latency.js';
import { benchAlertLatency } from './alert-latency.js';
import { benchTuning } from './tuning.js';
import { benchCliStart } from './cli-start.js';
import { benchHeavyWork } from './heavy-work.js';
import { benchMqttStates, benchScrape } from './integrations.js';

type Section = { title: string; run: () => Promise<Figure[]> | Figure[] };

const sections: Section[] = [
  { title: 'Normalization', run: benchNormalize },
  { title: 'SQLite writes', run: benchSampleWrites },
  { title: 'Collector: 1,000 simulated miners at 5 s over HTTP', run: () => benchCollector() },
  { title: 'Chart rendering (24 h at 5 s = 17,280 points per series)', run: benchCharts },
  { title: '/status over Telegram, 10 simulated miners', run: benchStatusLatency },
  { title: 'Alert detection latency (simulated fault → Telegram message)', run: benchAlertLatency },
  { title: 'Heavy work while 50 miners poll (a week of history)', run: benchHeavyWork },
  { title: 'Benchmark tuning: smart vs classic on simulated miners (virtual clock)', run: benchTuning },
  { title: 'Integrations: Prometheus scrape of 1,000 miners', run: () => benchScrape() },
  { title: 'Integrations: Home Assistant MQTT state publishes, 1,000 miners', run: () => benchMqttStates() },
  { title: 'CLI start: npx axepilot, compiled (dist/) vs tsx', run: benchCliStart },
];

const only = process.argv.slice(2);
process.stdout.write(
  `# axepilot bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`,
);
for (const section of sections) {
  if (only.length > 0 && !only.some((word) => section.title.toLowerCase().includes(word.toLowerCase()))) continue;
  printFigures(section.title, await section.run());
}
