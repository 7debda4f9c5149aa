/**
 * What every integration (Prometheus, Home Assistant, InfluxDB, /healthz) reads of the fleet: each poll loop's last
 * good poll, connection state and energy counter, plus the stable id external systems key their series and devices
 * by. Reading it never touches a miner.
 */
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import type { MinerRef } from '../fleet/events.js';
import type { MinerHealth } from '../fleet/miner-health.js';
import { normalizeMac } from '../store/miners.js';

export interface WatchedMiner {
  /** Stable across renames and new IPs: the MAC without separators (`aabbccddeeff`), else `name_<name>`. */
  key: string;
  name: string;
  host: string;
  minerId: number | null;
  online: boolean;
  lastGoodPollAt: number | null;
  telemetry: Telemetry | null;
  asic: AsicInfo | null;
  /** Joules integrated from power since axepilot first watched this miner; null before the first power reading. */
  energyJoules: number | null;
}

/** The parts of a PollLoop read here. */
export interface WatchedLoop {
  readonly miner: MinerRef;
  readonly latestTelemetry: Telemetry | null;
  readonly asicInfo: AsicInfo | null;
  readonly health: Pick<MinerHealth, 'isOnline' | 'lastGoodPollAt'>;
}

export interface WatchedMinersOptions {
  loops: () => readonly WatchedLoop[];
  energyJoules: (minerId: number | null) => number | null;
  /** The MAC the database remembers for a miner not reached yet in this run (so its id does not change on contact). */
  knownMac?: (name: string) => string | null;
}

export class WatchedMiners {
  private readonly keys = new Map<string, string>();

  constructor(private readonly options: WatchedMinersOptions) {}

  list(): WatchedMiner[] {
    return this.options.loops().map((loop) => ({
      key: this.keyOf(loop),
      name: loop.miner.name,
      host: loop.miner.host,
      minerId: loop.miner.minerId,
      online: loop.health.isOnline,
      lastGoodPollAt: loop.health.lastGoodPollAt,
      telemetry: loop.latestTelemetry,
      asic: loop.asicInfo,
      energyJoules: this.options.energyJoules(loop.miner.minerId),
    }));
  }

  byName(name: string): WatchedMiner | undefined {
    return this.list().find((m) => m.name === name);
  }

  private keyOf(loop: WatchedLoop): string {
    const cached = this.keys.get(loop.miner.name);
    const mac = normalizeMac(loop.latestTelemetry?.mac);
    if (cached && (mac === null || cached === macKey(mac))) return cached;
    const known = mac ?? safeKnownMac(this.options.knownMac, loop.miner.name);
    const key = known ? macKey(known) : `name_${loop.miner.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
    if (known) this.keys.set(loop.miner.name, key);
    return key;
  }
}

export function macKey(mac: string): string {
  return mac.toLowerCase().replace(/[^0-9a-f]/g, '');
}

function safeKnownMac(lookup: ((name: string) => string | null) | undefined, name: string): string | null {
  try {
    return normalizeMac(lookup?.(name));
  } catch {
    // A database that cannot be read now only costs the id's stability until the miner answers.
    return null;
  }
}
