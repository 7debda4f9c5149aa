import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';

/** Who a fleet event is about: the owner's name for the miner, its address, and its database id once known. */
export interface MinerRef {
  name: string;
  host: string;
  minerId: number | null;
}

export interface SettingsSnapshot {
  frequencyMhz: number | null;
  coreVoltageMv: number | null;
  autoFan: boolean | null;
  fanPct: number | null;
  tempTargetC: number | null;
}

export interface FleetEvents extends Record<string, unknown> {
  /** A good poll. */
  sample: { miner: MinerRef; telemetry: Telemetry };
  /** First good poll, or the first one after the miner was offline. `downMs` is the outage's length when known. */
  online: { miner: MinerRef; at: number; downMs: number | null };
  /** No good poll for `offlineAfterMs` (30 s by default). */
  offline: { miner: MinerRef; at: number; lastGoodAt: number | null; reason: string; notAxeOs?: boolean };
  /** Uptime went down between two good polls. */
  rebooted: { miner: MinerRef; at: number; previousUptimeS: number; uptimeS: number };
  /** Frequency, voltage or fan settings differ from the previous good poll (someone or something changed them). */
  settingsChanged: { miner: MinerRef; at: number; before: SettingsSnapshot; after: SettingsSnapshot };
  /**
   * The miner keeps dropping off and coming back (≥ 3 outages in 15 minutes): `flapping` true when it starts (and again
   * with fresh counts on each further outage or reboot, `started` false), false once a whole window passed quietly.
   */
  flapping: { miner: MinerRef; at: number; flapping: boolean; started: boolean; outages: number; reboots: number; windowMs: number };
  /** `/api/system/asic` was read (on each connection and reconnection). */
  asicInfo: { miner: MinerRef; asic: AsicInfo | null };
  /** Samples could not be saved (disk full, I/O error): the first failure of a run of them. They wait in memory. */
  storageFailing: { at: number; since: number; error: string };
  /** Samples are saved again after `storageFailing`. */
  storageRecovered: { at: number; since: number };
  /** One failed poll (logged at debug; the offline event is what people hear about). */
  pollFailed: { miner: MinerRef; at: number; error: string; consecutiveFailures: number };
}

export function settingsOf(telemetry: Telemetry): SettingsSnapshot {
  return {
    frequencyMhz: telemetry.frequencyMhz,
    coreVoltageMv: telemetry.coreVoltageMv,
    autoFan: telemetry.autoFan,
    fanPct: telemetry.autoFan === false ? telemetry.fanPct : null,
    tempTargetC: telemetry.tempTargetC,
  };
}

export function sameSettings(a: SettingsSnapshot, b: SettingsSnapshot): boolean {
  return (
    a.frequencyMhz === b.frequencyMhz &&
    a.coreVoltageMv === b.coreVoltageMv &&
    a.autoFan === b.autoFan &&
    a.fanPct === b.fanPct &&
    a.tempTargetC === b.tempTargetC
  );
}

const plain = (value: number | null): string => (value === null ? '?' : String(Math.round(value * 100) / 100));

function fanWords(s: SettingsSnapshot): string {
  if (s.autoFan === true) return 'auto';
  if (s.autoFan === false) return s.fanPct === null ? 'manual' : `manual ${plain(s.fanPct)} %`;
  return '?';
}

/** What differs, in the owner's words: `frequency 525 → 575 MHz, fan auto → manual 100 %`. */
export function describeSettingsChange(before: SettingsSnapshot, after: SettingsSnapshot): string {
  const parts: string[] = [];
  if (before.frequencyMhz !== after.frequencyMhz) parts.push(`frequency ${plain(before.frequencyMhz)} → ${plain(after.frequencyMhz)} MHz`);
  if (before.coreVoltageMv !== after.coreVoltageMv) parts.push(`core voltage ${plain(before.coreVoltageMv)} → ${plain(after.coreVoltageMv)} mV`);
  if (before.autoFan !== after.autoFan || before.fanPct !== after.fanPct) parts.push(`fan ${fanWords(before)} → ${fanWords(after)}`);
  if (before.tempTargetC !== after.tempTargetC) parts.push(`fan target ${plain(before.tempTargetC)} → ${plain(after.tempTargetC)} °C`);
  return parts.join(', ') || 'nothing visible';
}
