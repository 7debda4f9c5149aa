/** Who asks the guard for something: the owner in a chat, the benchmark, the autopilot, or axepilot itself. */
import type { MinerClient } from '../axeos/client.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';

export interface Actor {
  /** `homeassistant`: a control pressed in Home Assistant, arriving over MQTT. */
  kind: 'user' | 'benchmark' | 'autopilot' | 'system' | 'homeassistant';
  /** e.g. `telegram:123`, `bench:12`. */
  id: string;
  name?: string;
}

/** A miner as the guard sees it: how to reach it, and what the poll loop last learned of it. */
export interface GuardedMiner {
  name: string;
  /** getInfo, getAsic, patchSettings, restart, pause, resume, identify. */
  client: MinerClient;
  /** Database id once known. */
  minerId(): number | null;
  /** Last `/api/system/asic` answer (frequencyOptions/voltageOptions). */
  asic(): AsicInfo | null;
  /** Last good poll. */
  telemetry(): Telemetry | null;
  /** The base URL it is reached at (restore points keep it, to find the device again under another name). */
  host?: string | null;
}

/** How an actor reads in a message or the audit: `owner (telegram:123)`, `benchmark`. */
export function describeActor(actor: Pick<Actor, 'kind' | 'id' | 'name'>): string {
  if (actor.kind === 'user') return actor.name ? `${actor.name} (${actor.id})` : actor.id;
  return actor.name ?? actor.kind;
}
