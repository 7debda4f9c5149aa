import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { openStore, type Store } from '../../../src/store/store.js';

/** A fresh temp folder per test; `remove()` deletes it with everything in it. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real database file in a temp folder, and a cleanup that closes it and removes the folder. */
export function openTempStore(options: { pollIntervalMs?: number } = {}): {
  store: Store;
  path: string;
  cleanup: () => void;
} {
  const temp = makeTempDir();
  const path = join(temp.dir, 'axepilot.db');
  const store = openStore({ path, ...options });
  return {
    store,
    path,
    cleanup: () => {
      store.close();
      temp.remove();
    },
  };
}

/** A poll with no readings at all, plus what the test sets. */
export function telemetry(values: Partial<Telemetry> & { ts: number }): Telemetry {
  return {
    mac: null, hostname: null, ipv4: null, model: null, boardVersion: null, asicModel: null, asicCount: null,
    smallCoreCount: null, firmware: null, hashrateGhs: null, hashrate1mGhs: null, hashrate10mGhs: null,
    hashrate1hGhs: null, expectedHashrateGhs: null, efficiencyJth: null, errorPct: null, chipTempC: null,
    chipTemp2C: null, vrTempC: null, powerW: null, inputVoltageV: null, currentA: null, coreVoltageMv: null,
    coreVoltageActualMv: null, frequencyMhz: null, fanPct: null, fanRpm: null, autoFan: null, tempTargetC: null,
    sharesAccepted: null, sharesRejected: null, bestDiff: null, bestSessionDiff: null, poolDifficulty: null,
    networkDifficulty: null, blocksFound: null, usingFallbackPool: null, poolUrl: null, uptimeS: null, overheat: null,
    powerFault: null, hardwareFault: null, miningPaused: null, wifiRssi: null, poolUser: null, poolResponseMs: null,
    ...values,
  };
}

export const T0 = Date.UTC(2026, 0, 1);
export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A miner row to hang samples on. */
export function addMiner(store: Store, name = 'kitchen', mac: string | null = 'AA:BB:CC:DD:EE:01'): number {
  return store.miners.resolveMiner({ mac, host: `${name}.lan`, name, ts: T0 }).id;
}

/** Polls every `stepMs` in [fromMs, toMs), with readings from `reading(ts)`. */
export function insertPolls(
  store: Store,
  minerId: number,
  range: { fromMs: number; toMs: number; stepMs: number },
  reading: (ts: number) => Partial<Telemetry> = () => ({}),
): void {
  const rows: Array<{ minerId: number; telemetry: Telemetry }> = [];
  for (let ts = range.fromMs; ts < range.toMs; ts += range.stepMs) rows.push({ minerId, telemetry: telemetry({ ts, ...reading(ts) }) });
  store.samples.insertMany(rows);
}
