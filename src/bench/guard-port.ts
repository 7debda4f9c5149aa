/**
 * The part of the settings guard (src/control/guard.ts) the benchmark uses, written against the shared contract. The
 * real SettingsGuard satisfies it structurally; tests may pass a small stand-in. Every write the benchmark makes goes
 * through here, carrying the lock's token.
 */
import type { MinerSettings } from '../axeos/telemetry.js';

export interface BenchActor {
  kind: 'user' | 'benchmark' | 'autopilot' | 'system' | 'homeassistant';
  /** E.g. `telegram:123`, `cli`. */
  id: string;
  name?: string;
}

export interface BenchLock {
  readonly token: string;
  readonly miner: string;
  readonly owner: BenchActor;
  release(outcome: { restore: 'original' } | { apply: MinerSettings }): Promise<void>;
}

export interface AllowedRanges {
  frequencyMhz: [number, number];
  coreVoltageMv: [number, number];
  frequencyOptions: number[];
  voltageOptions: number[];
}

export interface BenchGuard {
  /** Writes the restore point (the miner's current settings) to SQLite before it returns; refuses a taken miner. */
  acquireLock(request: { miner: string; owner: BenchActor; detail?: string }): Promise<BenchLock>;
  apply(request: { miner: string; settings: MinerSettings; actor: BenchActor; lockToken?: string; reason?: string }): Promise<void>;
  restart(request: { miner: string; actor: BenchActor; lockToken?: string }): Promise<void>;
  allowedRanges(minerName: string): AllowedRanges;
}
