import type { AlertRecord } from './alert-record.js';
import type { AlertStateStore } from './state-store.js';

function slotKey(rule: string, miner: string): string {
  return `${rule}\u0000${miner.toLowerCase()}`;
}

const isOpen = (record: AlertRecord): boolean => record.state === 'pending' || record.state === 'firing';

/**
 * The engine's alerts, kept in step with the state store. An open alert (pending, firing) holds its (rule, miner)
 * slot; once resolved it moves aside under its id until its message is out, so a new problem can start at once.
 * Pending alerts live in memory only.
 */
export class AlertBook {
  private readonly byKey = new Map<string, AlertRecord>();

  constructor(private readonly store: AlertStateStore) {}

  load(): void {
    this.byKey.clear();
    for (const record of this.store.loadAlerts()) this.byKey.set(isOpen(record) ? slotKey(record.rule, record.miner) : record.id, record);
  }

  /** The pending or firing alert of `rule` on `miner`. */
  open(rule: string, miner: string): AlertRecord | undefined {
    return this.byKey.get(slotKey(rule, miner));
  }

  byId(id: string): AlertRecord | undefined {
    for (const record of this.byKey.values()) if (record.id === id) return record;
    return undefined;
  }

  all(): AlertRecord[] {
    return [...this.byKey.values()];
  }

  put(record: AlertRecord, persist = true): void {
    const slot = slotKey(record.rule, record.miner);
    if (isOpen(record)) {
      this.byKey.set(slot, record);
    } else {
      if (this.byKey.get(slot)?.id === record.id) this.byKey.delete(slot);
      this.byKey.set(record.id, record);
    }
    if (persist && record.state !== 'pending') this.store.saveAlert(record);
  }

  /** Forgets `miner`'s pending alerts of the rules `which` selects. */
  dropPending(miner: string, which: (rule: string) => boolean): void {
    const key = miner.toLowerCase();
    for (const record of this.all()) {
      if (record.state === 'pending' && record.miner.toLowerCase() === key && which(record.rule)) this.remove(record);
    }
  }

  remove(record: AlertRecord): void {
    const slot = slotKey(record.rule, record.miner);
    if (this.byKey.get(slot)?.id === record.id) this.byKey.delete(slot);
    this.byKey.delete(record.id);
    if (record.state !== 'pending') this.store.deleteAlert(record.id);
  }
}
