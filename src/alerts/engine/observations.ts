import type { Telemetry } from '../../axeos/telemetry.js';
import { FirmwareProtectionWatch, type ProtectionDrop, type ProtectionTrip } from '../../fleet/firmware-protection.js';
import { ShareWindow } from './share-window.js';

/** What the engine remembers across restarts about one miner, so records are news only once. */
export interface MinerBests {
  miner: string;
  /** The highest all-time best difficulty ever seen on this miner. */
  bestDiff: number | null;
  /** The firmware's block counter at the last sample. */
  blocksFound: number | null;
  /** The firmware's overheat protection left the miner below these settings (absent in records from before). */
  protectionTrip?: ProtectionTrip | null;
}

export interface RebootObservation {
  at: number;
  previousUptimeS: number;
  uptimeS: number;
  /** axepilot asked for this restart (`expectRestart`). */
  expected: boolean;
}

/**
 * The latest of everything the fleet told the engine about one miner, plus the few derived facts rules need
 * (share counts over the hour, the records before this sample). Rules read it; only the engine writes it.
 */
export class MinerObservations {
  latest: Telemetry | null = null;
  previous: Telemetry | null = null;
  /** `notAxeOs`: the host answers as some other device, so "offline" would send the owner looking at the wrong thing. */
  offline: { since: number; reason: string; notAxeOs: boolean } | null = null;
  lastReboot: RebootObservation | null = null;
  /** Dropping off and coming back again and again (the fleet's verdict), with the counts in its window. */
  flapping: { since: number; outages: number; reboots: number; windowMs: number } | null = null;
  restartExpectedUntil: number | null = null;
  /** Only on the storage subject (`axepilot`): samples cannot be saved since `since`. */
  storageFailure: { since: number; error: string } | null = null;
  readonly shares = new ShareWindow();
  private readonly protection: FirmwareProtectionWatch;
  /** Below its own settings since the firmware's overheat protection, as of the latest sample. */
  protectionDrop: ProtectionDrop | null = null;
  /** The all-time best difficulty record before the latest sample; null on first sight. */
  bestDiffBefore: number | null = null;
  /** The block counter before the latest sample; null on first sight. */
  blocksFoundBefore: number | null = null;

  constructor(readonly record: MinerBests) {
    this.protection = new FirmwareProtectionWatch(record.protectionTrip ?? null);
  }

  /** Returns whether the persistent record changed. */
  recordSample(telemetry: Telemetry, now: number): boolean {
    this.previous = this.latest;
    this.latest = telemetry;
    this.offline = null;
    this.shares.record(now, telemetry.sharesAccepted, telemetry.sharesRejected);
    const before = { ...this.record };
    const tripBefore = this.protection.currentTrip;
    this.protectionDrop = this.protection.observe(telemetry);
    const tripChanged = this.protection.currentTrip !== tripBefore;
    if (tripChanged) this.record.protectionTrip = this.protection.currentTrip;
    this.bestDiffBefore = this.record.bestDiff;
    this.blocksFoundBefore = this.record.blocksFound;
    if (telemetry.bestDiff !== null && (this.record.bestDiff === null || telemetry.bestDiff > this.record.bestDiff)) {
      this.record.bestDiff = telemetry.bestDiff;
    }
    if (telemetry.blocksFound !== null) this.record.blocksFound = telemetry.blocksFound;
    return before.bestDiff !== this.record.bestDiff || before.blocksFound !== this.record.blocksFound || tripChanged;
  }

  recordOffline(at: number, lastGoodAt: number | null, reason: string, notAxeOs = false): void {
    this.offline = { since: lastGoodAt ?? at, reason, notAxeOs };
  }

  recordOnline(): void {
    this.offline = null;
  }

  recordReboot(at: number, previousUptimeS: number, uptimeS: number): void {
    const expected = this.restartExpectedUntil !== null && at <= this.restartExpectedUntil;
    // One expectation covers one restart: a second reboot in the same window is a real crash.
    if (expected) this.restartExpectedUntil = null;
    this.lastReboot = { at, previousUptimeS, uptimeS, expected };
  }

  recordFlapping(at: number, event: { flapping: boolean; outages: number; reboots: number; windowMs: number }): void {
    if (!event.flapping) {
      this.flapping = null;
      return;
    }
    this.flapping = { since: this.flapping?.since ?? at, outages: event.outages, reboots: event.reboots, windowMs: event.windowMs };
  }

  isRestartExpected(now: number): boolean {
    return this.restartExpectedUntil !== null && now <= this.restartExpectedUntil;
  }
}
