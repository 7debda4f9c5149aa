/**
 * What the guard knows of each miner's settings and options: the poll loop's latest answers, answers the guard read
 * itself (a miner not polled yet), and its own writes, which are the freshest word until the next poll shows them.
 */
import type { AsicInfo, MinerSettings, Telemetry } from '../axeos/telemetry.js';
import type { GuardedMiner } from './actor.js';
import { deviceOptions, type DeviceOptions } from './limits.js';
import { settingsFromTelemetry } from './settings.js';

export class KnownSettings {
  private readonly fetched = new Map<string, { asic: AsicInfo | null; telemetry: Telemetry | null }>();
  private readonly written = new Map<string, { at: number; settings: MinerSettings }>();

  rememberRead(miner: string, answers: { asic?: AsicInfo | null; telemetry?: Telemetry | null }): void {
    const previous = this.fetched.get(miner);
    this.fetched.set(miner, { asic: answers.asic ?? previous?.asic ?? null, telemetry: answers.telemetry ?? previous?.telemetry ?? null });
  }

  rememberWritten(miner: string, settings: MinerSettings, at: number): void {
    const previous = this.written.get(miner);
    this.written.set(miner, { at, settings: { ...(previous?.settings ?? {}), ...settings } });
  }

  options(miner: GuardedMiner): DeviceOptions | null {
    const fetched = this.fetched.get(miner.name);
    return deviceOptions(miner.asic() ?? fetched?.asic ?? null, miner.telemetry() ?? fetched?.telemetry ?? null);
  }

  current(miner: GuardedMiner): MinerSettings | null {
    const telemetry = miner.telemetry() ?? this.fetched.get(miner.name)?.telemetry ?? null;
    const polled = settingsFromTelemetry(telemetry);
    const written = this.written.get(miner.name);
    if (!written || (telemetry && telemetry.ts > written.at)) return polled;
    const merged: MinerSettings = { ...(polled ?? {}), ...written.settings };
    // Back on auto, the manual duty the poll showed is no longer what the fan runs at.
    if (merged.autoFan === true && written.settings.fanPct === undefined) delete merged.fanPct;
    return merged;
  }
}
