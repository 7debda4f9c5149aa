import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { startSimFleet, type SimFleet } from '../sim/fleet.js';
import type { Store } from '../store/store.js';
import { DemoClock } from './demo-clock.js';
import { DEMO_HISTORY_SPAN_MS, dailyAmbientC, planDemoHistory, writeDemoHistory, type DemoHistoryResult } from './history.js';
import { WarmAfternoon } from './warm-afternoon.js';

/** The README's examples (`/status gamma`, `/status sup`) work in the demo as written. */
export const DEMO_MINERS = [
  { model: 'gamma', name: 'gamma' },
  { model: 'supra', name: 'supra' },
  { model: 'ultra', name: 'ultra' },
] as const;

/** Polls per miner the history holds at most: a day at every other 5 s poll, a start of a few seconds. */
const MAX_HISTORY_POLLS = 8_640;

/** The miner whose cupboard warms up. */
const WARM_MINER = 'ultra';

export interface DemoFleet {
  sims: SimFleet;
  /** Null when the database got no history (it holds real miners, or it is up to date). */
  history: DemoHistoryResult | null;
  /** The scripted incident; the caller starts it once the collector runs. */
  incident: WarmAfternoon;
  /** What the console shows a newcomer first. */
  intro: string[];
}

/**
 * The demo: three simulated miners on 127.0.0.1 that have been running for a day (their day is in the database,
 * from their own physics), and a warm afternoon on one of them that raises an alert and resolves it.
 */
export async function startDemoFleet(options: {
  store: Store;
  clock: Clock;
  pollIntervalMs: number;
  log: Logger;
  say: (text: string) => void;
}): Promise<DemoFleet> {
  const { store, clock, log } = options;
  const now = clock.now();
  // Every other poll; a day at the default 5 s. A shorter poll interval gets a shorter span rather than a slow start.
  const stepMs = 2 * options.pollIntervalMs;
  const plan = planDemoHistory(store, now, Math.min(DEMO_HISTORY_SPAN_MS, MAX_HISTORY_POLLS * stepMs));
  const demoClock = new DemoClock(clock);
  if (plan.kind === 'write') demoClock.setTo(plan.fromMs);
  const sims = await startSimFleet({
    models: DEMO_MINERS.map((m) => m.model),
    names: DEMO_MINERS.map((m) => m.name),
    clock: demoClock,
  });
  let history: DemoHistoryResult | null = null;
  try {
    if (plan.kind === 'write') {
      history = writeDemoHistory({
        // The store counts a gap of up to two poll intervals as covered, so every other poll is a full day.
        store, clock: demoClock, plan, stepMs, ambientC: dailyAmbientC, log,
        miners: sims.miners.map((m) => ({ name: m.name, host: m.url, device: m.device })),
        outage: { miner: 'supra', fromMs: now - 7 * 3_600_000, toMs: now - 7 * 3_600_000 + 20 * 60_000 },
      });
    } else {
      demoClock.catchUp();
      log.info({ reason: plan.reason }, 'demo: no history written');
    }
    for (const miner of sims.miners) miner.device.setAmbient(dailyAmbientC(now));
  } catch (error) {
    await sims.close();
    throw error;
  }
  const warm = sims.miners.find((m) => m.name === WARM_MINER);
  if (!warm) throw new Error(`the demo has no miner ${WARM_MINER}`);
  const incident = new WarmAfternoon({
    clock, log, miner: { name: warm.name, device: warm.device }, normalAmbientC: dailyAmbientC, say: options.say,
  });
  const hours = history ? Math.round((history.untilMs - history.fromMs) / 3_600_000) : 0;
  const intro = [
    `Demo: three simulated miners (${sims.miners.map((m) => m.name).join(', ')}) on 127.0.0.1${hours > 0 ? `, with ${hours} h of history` : ''}.`,
    `Within a few minutes the cupboard ${WARM_MINER} stands in warms up: watch for its alert here.`,
    'Try /status, /chart gamma temp, /history supra, /digest. Add your own miners in config/axepilot.yaml.',
  ];
  return { sims, history, incident, intro };
}
