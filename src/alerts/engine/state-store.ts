import type { AlertRecord } from './alert-record.js';
import type { Mute } from './mutes.js';
import type { MinerBests } from './observations.js';

/**
 * Where the engine keeps what must survive a restart: announced alerts (so nothing is sent twice and every resolution
 * still comes), mutes, and each miner's records (so a best difficulty is news once). Synchronous, like
 * better-sqlite3; pending alerts are not stored, their "for" simply starts again.
 */
export interface AlertStateStore {
  loadAlerts(): AlertRecord[];
  saveAlert(alert: AlertRecord): void;
  deleteAlert(id: string): void;
  loadMutes(): Mute[];
  saveMutes(mutes: readonly Mute[]): void;
  loadMinerRecords(): MinerBests[];
  saveMinerRecord(record: MinerBests): void;
}

export class InMemoryAlertStateStore implements AlertStateStore {
  private readonly alerts = new Map<string, AlertRecord>();
  private mutes: Mute[] = [];
  private readonly records = new Map<string, MinerBests>();

  loadAlerts(): AlertRecord[] {
    return [...this.alerts.values()].map((a) => structuredClone(a));
  }

  saveAlert(alert: AlertRecord): void {
    this.alerts.set(alert.id, structuredClone(alert));
  }

  deleteAlert(id: string): void {
    this.alerts.delete(id);
  }

  loadMutes(): Mute[] {
    return this.mutes.map((m) => ({ ...m }));
  }

  saveMutes(mutes: readonly Mute[]): void {
    this.mutes = mutes.map((m) => ({ ...m }));
  }

  loadMinerRecords(): MinerBests[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  saveMinerRecord(record: MinerBests): void {
    this.records.set(record.miner, { ...record });
  }
}
