import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';

/** One miner as chat commands see it: the latest good poll and its connection state. */
export interface MinerView {
  name: string;
  host: string;
  minerId: number | null;
  online: boolean;
  telemetry: Telemetry | null;
  lastGoodPollAt: number | null;
  lastError: string;
  asic: AsicInfo | null;
}

export interface FleetView {
  miners(): MinerView[];
}

/** What commands may use. Engines (control, bench, alerts) join here as they arrive. */
export interface ChatServices {
  fleet: FleetView;
  store: Store;
  config: Config;
  clock: Clock;
}
