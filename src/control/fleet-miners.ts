/** Joins a fleet poll loop (latest telemetry, /asic answer, database id) and its client into what the guard needs. */
import type { MinerClient } from '../axeos/client.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import type { MinerRef } from '../fleet/events.js';
import { minerBaseUrl } from '../config/schema.js';
import type { GuardedMiner } from './actor.js';

/** The parts of a PollLoop the guard reads. */
export interface PolledMinerState {
  readonly miner: MinerRef;
  readonly latestTelemetry: Telemetry | null;
  readonly asicInfo: AsicInfo | null;
}

export function guardedMinerOf(loop: PolledMinerState, client: MinerClient): GuardedMiner {
  return {
    name: loop.miner.name,
    host: hostOf(loop.miner.host),
    client,
    minerId: () => loop.miner.minerId,
    asic: () => loop.asicInfo,
    telemetry: () => loop.latestTelemetry,
  };
}

/** The base URL a restart point records; a host that is no URL (an in-process simulator's `sim://…`) is kept as it is. */
function hostOf(host: string): string {
  try {
    return minerBaseUrl(host);
  } catch {
    return host;
  }
}
