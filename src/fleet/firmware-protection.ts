/**
 * Notices when the firmware's own overheat protection leaves a miner below the settings its owner chose (AXEOS.md
 * "Firmware protection"): ESP-Miner ≤ 2.10 reboots into ~50 MHz / 1000 mV and stays there; 2.11+ restarts mining
 * 100 MHz / 100 mV lower with the fan stuck at manual 100 %. Either way the overheat flag clears (2.11+) or stays
 * (≤ 2.10) while the miner keeps hashing for less than it should, and "% of expected" follows the lower frequency,
 * so nothing else shows the loss.
 *
 * Pure bookkeeping over the stream of polls, so the poll loop (for views) and the alert engine (for the alert) can
 * each keep one and agree.
 */
import type { Telemetry } from '../axeos/telemetry.js';
import { settingsOf, type SettingsSnapshot } from './events.js';

/** The miner runs below its own settings since the firmware's protection tripped. */
export interface ProtectionDrop {
  /** When the protection was first seen (the poll that showed the overheat flag). */
  since: number;
  /** The settings the owner had before the trip. */
  own: SettingsSnapshot;
  /** What the firmware left it at (the latest poll). */
  current: SettingsSnapshot;
  /** The firmware still holds it stopped (2.11+ cooling down): not running below settings yet, not running at all. */
  stopped: boolean;
}

/** Frequency is a float since 2.10 (524.9999); within this it is the same setting. */
const FREQUENCY_TOLERANCE_MHZ = 0.5;

/** Whether `current` still falls short of `own` in any way the protection changes: clock, voltage, or fan mode. */
export function belowOwnSettings(current: SettingsSnapshot, own: SettingsSnapshot): boolean {
  const lower = (now: number | null, was: number | null, tolerance: number): boolean =>
    now !== null && was !== null && now < was - tolerance;
  if (lower(current.frequencyMhz, own.frequencyMhz, FREQUENCY_TOLERANCE_MHZ)) return true;
  if (lower(current.coreVoltageMv, own.coreVoltageMv, 0)) return true;
  if (own.autoFan === true && current.autoFan === false) return true;
  return own.autoFan === false && current.autoFan === false && own.fanPct !== null && current.fanPct !== own.fanPct;
}

/**
 * Whether a change between two polls is what the protection does (clock or voltage down, fan forced to manual 100 %),
 * as opposed to an owner putting the settings back while the miner is still below them.
 */
export function looksLikeProtection(before: SettingsSnapshot, after: SettingsSnapshot): boolean {
  const down = (a: number | null, b: number | null): boolean => a !== null && b !== null && b < a;
  const up = (a: number | null, b: number | null): boolean => a !== null && b !== null && b > a;
  if (up(before.frequencyMhz, after.frequencyMhz) || up(before.coreVoltageMv, after.coreVoltageMv)) return false;
  if (before.autoFan === false && after.autoFan === true) return false;
  const fanForced = after.autoFan === false && after.fanPct === 100 && (before.autoFan === true || before.fanPct !== 100);
  return down(before.frequencyMhz, after.frequencyMhz) || down(before.coreVoltageMv, after.coreVoltageMv) || fanForced;
}

/** What must survive a restart of axepilot: when the protection tripped and the owner's settings before. */
export interface ProtectionTrip {
  since: number;
  own: SettingsSnapshot;
}

export class FirmwareProtectionWatch {
  /** The settings of the last poll that was neither in overheat mode nor left below by it. */
  private own: SettingsSnapshot | null = null;
  private trip: ProtectionTrip | null;
  private latest: ProtectionDrop | null = null;

  /** `remembered`: a trip recorded before axepilot restarted (after it, the lower settings look like the owner's). */
  constructor(remembered: ProtectionTrip | null = null) {
    this.trip = remembered;
  }

  /** The trip in force, to remember across a restart; null when the miner is at its settings. */
  get currentTrip(): ProtectionTrip | null {
    return this.trip;
  }

  /** Feeds one good poll; returns the drop it shows, if any. */
  observe(telemetry: Telemetry): ProtectionDrop | null {
    const settings = settingsOf(telemetry);
    const overheat = telemetry.overheat === true;
    // First sight already in overheat mode: the settings before are unknown, so there is nothing to compare with.
    if (overheat && !this.trip && this.own) this.trip = { since: telemetry.ts, own: this.own };
    if (this.trip && !overheat && !belowOwnSettings(settings, this.trip.own)) this.trip = null;
    if (!this.trip && !overheat) this.own = settings;
    const hashing = (telemetry.hashrateGhs ?? 0) > 0;
    this.latest = this.trip
      ? { since: this.trip.since, own: this.trip.own, current: settings, stopped: overheat && !hashing }
      : null;
    return this.latest;
  }

  get drop(): ProtectionDrop | null {
    return this.latest;
  }
}

/**
 * The trip still in force according to the recorded settings changes (newest first): the newest change was the
 * protection's, and the run of such changes began with the owner's settings. Lets a restarted axepilot still see the
 * miner as below its settings.
 */
export function tripFromEvents(changes: ReadonlyArray<{ ts: number; data: Record<string, unknown> | null }>): ProtectionTrip | null {
  let trip: ProtectionTrip | null = null;
  for (const change of changes) {
    if (change.data?.by !== 'firmware') break;
    const before = change.data.before;
    if (typeof before === 'object' && before !== null) trip = { since: change.ts, own: before as SettingsSnapshot };
  }
  return trip;
}

const mhz = (value: number | null): string => (value === null ? '?' : String(Math.round(value)));

function fanWords(settings: SettingsSnapshot): string {
  if (settings.autoFan === true) return 'auto';
  if (settings.autoFan === false) return settings.fanPct === null ? 'manual' : `manual ${Math.round(settings.fanPct)} %`;
  return '?';
}

/** `400 MHz / 1100 mV, fan manual 100 % (was 485 / 1200, auto)`. */
export function describeProtectionDrop(drop: Pick<ProtectionDrop, 'own' | 'current'>): string {
  const { own, current } = drop;
  return `${mhz(current.frequencyMhz)} MHz / ${mhz(current.coreVoltageMv)} mV, fan ${fanWords(current)}` +
    ` (was ${mhz(own.frequencyMhz)} / ${mhz(own.coreVoltageMv)}, ${fanWords(own)})`;
}
