import type { AlertDesk } from '../alerts/desk.js';
import type { AutopilotService } from '../autopilot/service.js';
import type { BenchService } from '../bench/service.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import type { SettingsGuard } from '../control/guard.js';
import type { Store } from '../store/store.js';
import type { HeavyWork } from './heavy-work-jobs.js';
import type { ProtectionDrop } from '../fleet/firmware-protection.js';

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
  /** Dropping off and coming back again and again (≥ 3 outages in 15 minutes). */
  flapping?: boolean;
  /** Running below its own settings since the firmware's overheat protection (absent: not known). */
  degraded?: ProtectionDrop | null;
  /** The host answers, but not as an AxeOS miner (a router's address typed by mistake). */
  notAxeOs?: boolean;
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
  /** The only path that writes to a miner; absent when settings control is not running. */
  guard?: SettingsGuard;
  /** Benchmarks run in the background, one per miner; absent when benchmarks are not running. */
  bench?: BenchService;
  /** Fleet charts and digests off the event loop (a worker thread); inline when absent. */
  heavy?: HeavyWork;
  /** Where commands write files too large to hold in memory (exports); the system's temp folder when absent. */
  filesDir?: string;
  /** Firing alerts, acknowledge/snooze/mute, this chat's subscription, test and digest; absent when alerts are off. */
  alerts?: AlertDesk;
  /** Each miner's autopilot: modes, limits, decisions; absent when it is not running. */
  autopilot?: AutopilotService;
}
