import { normalizeAsic, normalizeInfo } from '../axeos/normalize.js';
import type { Telemetry } from '../axeos/telemetry.js';
import type { Logger } from '../core/logger.js';
import type { SimulatedMiner } from '../sim/device.js';
import type { Store } from '../store/store.js';
import type { DemoClock } from './demo-clock.js';

export const DEMO_HISTORY_SPAN_MS = 24 * 3_600_000;

export interface DemoHistoryMiner {
  name: string;
  /** The URL the service polls it at. */
  host: string;
  device: SimulatedMiner;
}

export type DemoHistoryPlan =
  | { kind: 'write'; fromMs: number; untilMs: number }
  | { kind: 'skip'; reason: string };

/**
 * How much history the demo may write. Only into a database that is new or that the demo made (a real owner's
 * telemetry is never mixed with simulated rows), and only the part that is missing: a demo started again tomorrow
 * fills the night it was not running, one started again a minute later writes nothing.
 */
export function planDemoHistory(store: Store, untilMs: number, spanMs = DEMO_HISTORY_SPAN_MS): DemoHistoryPlan {
  const demoUntil = store.meta.getNumber('demo.historyUntil');
  const miners = store.miners.list();
  if (demoUntil === null && miners.length > 0) {
    return { kind: 'skip', reason: 'the database holds miners the demo did not write; it gets no simulated history' };
  }
  const lastSampleTs = Math.max(-Infinity, ...miners.map((m) => store.samples.latest(m.id)?.ts ?? -Infinity));
  const fromMs = Math.max(untilMs - spanMs, lastSampleTs);
  if (untilMs - fromMs < 60_000) return { kind: 'skip', reason: 'the demo history is up to date' };
  return { kind: 'write', fromMs, untilMs };
}

export interface WriteDemoHistoryOptions {
  store: Store;
  /** The clock the simulated devices run on; walked from the plan's start to its end, then caught up. */
  clock: DemoClock;
  miners: DemoHistoryMiner[];
  plan: { fromMs: number; untilMs: number };
  /** One sample per poll interval, so uptime counts a covered day as covered. */
  stepMs: number;
  /** The weather in the room, by time: the charts show a day, with its warm afternoon. */
  ambientC: (ms: number) => number;
  /** A Wi-Fi drop in the night on this miner, so /history and /events have something to tell. */
  outage?: { miner: string; fromMs: number; toMs: number };
  log: Logger;
}

export interface DemoHistoryResult {
  samples: number;
  fromMs: number;
  untilMs: number;
}

/**
 * Runs the simulated miners' physics over the missing span on the demo clock and stores one poll per interval, as
 * the collector would have, in one transaction; then the minute and hour rollups, so charts over days read them.
 */
export function writeDemoHistory(options: WriteDemoHistoryOptions): DemoHistoryResult {
  const { store, clock, miners, plan, stepMs, outage } = options;
  const rows: Array<{ minerId: number; telemetry: Telemetry }> = [];
  const ids = new Map<string, number>();
  const idOf = (miner: DemoHistoryMiner, telemetry: Telemetry): number => {
    const known = ids.get(miner.name);
    if (known !== undefined) return known;
    const record = store.miners.resolveMiner({
      mac: telemetry.mac, host: miner.host, name: miner.name, model: telemetry.model, asicModel: telemetry.asicModel,
      hostname: telemetry.hostname, firmware: telemetry.firmware, ts: telemetry.ts,
    });
    ids.set(miner.name, record.id);
    return record.id;
  };
  const asics = new Map(miners.map((m) => [m.name, normalizeAsic(m.device.readApi().asic)]));
  for (let ts = plan.fromMs; ts < plan.untilMs; ts += stepMs) {
    clock.setTo(ts);
    const ambient = options.ambientC(ts);
    for (const miner of miners) {
      miner.device.setAmbient(ambient);
      if (outage && outage.miner === miner.name && ts >= outage.fromMs && ts < outage.toMs) continue;
      const telemetry = normalizeInfo(miner.device.readApi().info, { ts, asic: asics.get(miner.name) ?? null });
      rows.push({ minerId: idOf(miner, telemetry), telemetry });
    }
  }
  clock.catchUp();
  store.samples.insertMany(rows);
  const outageMiner = outage ? ids.get(outage.miner) : undefined;
  if (outage && outageMiner !== undefined && outage.fromMs >= plan.fromMs && outage.toMs <= plan.untilMs) {
    const downS = Math.round((outage.toMs - outage.fromMs) / 1000);
    store.events.add({ minerId: outageMiner, ts: outage.fromMs, kind: 'offline', severity: 'warning', message: `${outage.miner} is offline (Wi-Fi dropped)` });
    store.events.add({ minerId: outageMiner, ts: outage.toMs, kind: 'online', severity: 'info', message: `${outage.miner} is back online after ${downS} s`, data: { downMs: downS * 1000 } });
  }
  // The simulated day counts as watched, so its Wi-Fi drop reads as downtime and not as time nobody saw.
  store.watch.record(plan.fromMs, plan.untilMs);
  store.meta.setNumber('demo.historyUntil', plan.untilMs);
  store.rollups.rollUpMinutes(plan.untilMs);
  store.rollups.rollUpHours(plan.untilMs);
  // Fold the day's write-ahead log into the database now, not in the seconds a shutdown has to close it.
  if (store.db.name !== ':memory:') store.db.pragma('wal_checkpoint(TRUNCATE)');
  options.log.info({ samples: rows.length, from: new Date(plan.fromMs).toISOString() }, 'demo: simulated history written');
  return { samples: rows.length, fromMs: plan.fromMs, untilMs: plan.untilMs };
}

/** A room at 22 °C before dawn and 28 °C at 15:00 (UTC): the day the charts show. */
export function dailyAmbientC(ms: number): number {
  const hour = (ms % 86_400_000) / 3_600_000;
  return 25 + 3 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}
