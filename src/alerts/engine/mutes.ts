/** A time-boxed mute of one miner's alerts, or of all of them (`target` 'all'). */
export interface Mute {
  target: string;
  until: number;
  by: string;
  at: number;
}

export const ALL_MINERS = 'all';

/** Mutes that expire by themselves; miner names compare case-insensitively, as the owner types them. */
export class MuteList {
  private mutes: Mute[] = [];

  constructor(initial: readonly Mute[] = []) {
    this.mutes = [...initial];
  }

  add(mute: Mute): void {
    const key = mute.target.toLowerCase();
    this.mutes = [...this.mutes.filter((m) => m.target.toLowerCase() !== key), mute];
  }

  /** Removes the mute of `target`; 'all' removes every mute. Returns the removed ones. */
  remove(target: string): Mute[] {
    const key = target.toLowerCase();
    const removed = this.mutes.filter((m) => key === ALL_MINERS || m.target.toLowerCase() === key);
    this.mutes = this.mutes.filter((m) => !removed.includes(m));
    return removed;
  }

  /** Drops expired mutes; returns whether any expired. */
  expire(now: number): boolean {
    const before = this.mutes.length;
    this.mutes = this.mutes.filter((m) => m.until > now);
    return this.mutes.length !== before;
  }

  isMuted(miner: string, now: number): boolean {
    const key = miner.toLowerCase();
    return this.mutes.some((m) => m.until > now && (m.target.toLowerCase() === ALL_MINERS || m.target.toLowerCase() === key));
  }

  active(now: number): Mute[] {
    return this.mutes.filter((m) => m.until > now);
  }

  all(): Mute[] {
    return [...this.mutes];
  }
}
