import type { Telemetry } from '../axeos/telemetry.js';
import { sameSettings, settingsOf, type SettingsSnapshot } from './events.js';
import { FlapWatch, type FlapVerdict, type FlapWatchOptions } from './flap-watch.js';

/** What one poll's outcome means for the miner's connection state; the poll loop turns these into fleet events. */
export type HealthChange =
  | { kind: 'online'; downMs: number | null }
  | { kind: 'offline'; lastGoodAt: number | null; reason: string; notAxeOs: boolean }
  | { kind: 'rebooted'; previousUptimeS: number; uptimeS: number }
  | { kind: 'settingsChanged'; before: SettingsSnapshot; after: SettingsSnapshot }
  | FlapVerdict;

/**
 * A reboot is seen from the boot instant each poll implies (time minus uptime), not from "uptime went down": a miner
 * that reboots during an outage longer than its previous uptime comes back with a larger uptime than before, and a
 * slow answer must not look like a reboot. Each poll bounds the boot instant between request and answer; a reboot is a
 * new boot that cannot be the old one.
 *
 * Online/offline/reboot/settings bookkeeping for one miner, free of I/O and timers so it can be tested on its own.
 * "Offline" is a judgement over time (no good poll for `offlineAfterMs`), not a single failed request: one timeout on a
 * busy ESP32 is not an outage.
 */
export class MinerHealth {
  private online = false;
  private everSeen = false;
  private lastGoodAt: number | null = null;
  private offlineSince: number | null = null;
  private lastUptimeS: number | null = null;
  /** The latest instant the miner can have booted, from the last good poll (ms). */
  private bootedBy: number | null = null;
  private lastSettings: SettingsSnapshot | null = null;
  private failures = 0;
  private lastError = '';
  private readonly flaps: FlapWatch;
  private foreign = false;

  constructor(private readonly offlineAfterMs: number, flapWatch?: FlapWatchOptions) {
    this.flaps = new FlapWatch(flapWatch);
  }

  /** Dropping off and coming back again and again (see FlapWatch). */
  get isFlapping(): boolean {
    return this.flaps.isFlapping;
  }

  get isOnline(): boolean {
    return this.online;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  get lastGoodPollAt(): number | null {
    return this.lastGoodAt;
  }

  get lastFailure(): string {
    return this.lastError;
  }

  /** The host answers, but as some other device (a router typed in by mistake), not as an AxeOS miner. */
  get answersNotAxeOs(): boolean {
    return !this.online && this.foreign;
  }

  /** Whether the next good poll is a (re)connection, on which `/api/system/asic` is read again. */
  get needsReconnect(): boolean {
    return !this.online;
  }

  /** `now` is when the answer arrived, `requestedAt` when the poll was sent (the device read its uptime in between). */
  recordSuccess(telemetry: Telemetry, now: number, requestedAt = now): HealthChange[] {
    const changes: HealthChange[] = [];
    if (!this.online) {
      changes.push({ kind: 'online', downMs: this.offlineSince === null ? null : now - this.offlineSince });
      this.online = true;
      this.offlineSince = null;
    }
    const uptime = telemetry.uptimeS;
    if (uptime !== null) {
      // Whole seconds: the true uptime is in [uptime, uptime + 1), read somewhere between request and answer.
      const bootedNoEarlierThan = requestedAt - (uptime + 1) * 1000;
      if (this.lastUptimeS !== null && this.bootedBy !== null && bootedNoEarlierThan > this.bootedBy) {
        changes.push({ kind: 'rebooted', previousUptimeS: this.lastUptimeS, uptimeS: uptime });
        const flap = this.flaps.recordReboot(now);
        if (flap) changes.push(flap);
      }
      this.lastUptimeS = uptime;
      this.bootedBy = now - uptime * 1000;
    }
    const settings = settingsOf(telemetry);
    if (this.lastSettings && !sameSettings(this.lastSettings, settings)) {
      changes.push({ kind: 'settingsChanged', before: this.lastSettings, after: settings });
    }
    this.lastSettings = settings;
    this.lastGoodAt = now;
    this.everSeen = true;
    this.failures = 0;
    this.lastError = '';
    this.foreign = false;
    const steady = this.flaps.check(now);
    if (steady) changes.push(steady);
    return changes;
  }

  /** `notAxeOs`: the host answered as another kind of device (`answeredButNotAxeOs`). */
  recordFailure(error: string, now: number, startedAt: number, notAxeOs = false): HealthChange[] {
    this.failures++;
    this.lastError = error;
    this.foreign = notAxeOs;
    const since = this.lastGoodAt ?? startedAt;
    if ((this.online || !this.everSeen) && this.offlineSince === null && now - since >= this.offlineAfterMs) {
      this.online = false;
      this.offlineSince = since;
      // The flapping verdict goes first, so whoever hears "offline" already knows it is one more of a series.
      const flap = this.everSeen ? this.flaps.recordOutage(now) : null;
      return [...(flap ? [flap] : []), { kind: 'offline', lastGoodAt: this.lastGoodAt, reason: error, notAxeOs }];
    }
    const steady = this.flaps.check(now);
    return steady ? [steady] : [];
  }

  /** When the offline verdict is due if nothing succeeds before, so the loop can look again exactly then. */
  offlineDeadline(startedAt: number): number | null {
    if (this.offlineSince !== null) return null;
    return (this.lastGoodAt ?? startedAt) + this.offlineAfterMs;
  }
}
