/**
 * The retained JSON state of one miner (`<base>/<miner>/state`): what every Home Assistant entity of the device reads
 * with its value template. Units are the ones people read on the miner's own page (GH/s, °C, mV, MHz, %), energy in
 * kWh for HA's Energy dashboard.
 */
import type { WatchedMiner } from '../watched-miners.js';

export type MinerState = Record<string, string | number | null>;

const round = (value: number | null, digits: number): number | null =>
  value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
const onOff = (value: boolean | null): 'ON' | 'OFF' | null => (value === null ? null : value ? 'ON' : 'OFF');

/** null when the miner never answered: there is nothing to say yet. */
export function minerState(
  miner: WatchedMiner,
  autopilot: { mode: string; state: string; limits?: Readonly<Record<string, number | null>> } | null,
): MinerState | null {
  const t = miner.telemetry;
  if (!t) return null;
  return {
    hashrate: round(t.hashrateGhs, 2),
    expected_hashrate: round(t.expectedHashrateGhs, 2),
    power: round(t.powerW, 2),
    energy: miner.energyJoules === null ? null : round(miner.energyJoules / 3.6e6, 4),
    efficiency: round(t.efficiencyJth, 2),
    asic_temp: round(t.chipTempC, 1),
    asic_temp2: round(t.chipTemp2C, 1),
    vr_temp: round(t.vrTempC, 1),
    input_voltage: round(t.inputVoltageV, 2),
    core_voltage: t.coreVoltageActualMv,
    core_voltage_setting: t.coreVoltageMv === null ? null : String(t.coreVoltageMv),
    frequency: t.frequencyMhz,
    frequency_setting: t.frequencyMhz === null ? null : String(t.frequencyMhz),
    fan: t.fanPct,
    fan_rpm: t.fanRpm,
    error_rate: round(t.errorPct, 2),
    shares_accepted: t.sharesAccepted,
    shares_rejected: t.sharesRejected,
    blocks_found: t.blocksFound,
    best_difficulty: t.bestDiff,
    session_best_difficulty: t.bestSessionDiff,
    uptime: t.uptimeS,
    wifi_rssi: t.wifiRssi,
    pool: t.poolUrl,
    overheat: onOff(t.overheat),
    fallback_pool: onOff(t.usingFallbackPool),
    paused: onOff(t.miningPaused),
    mining: t.miningPaused === null ? null : t.miningPaused ? 'OFF' : 'ON',
    power_fault: t.powerFault ? 'ON' : 'OFF',
    hardware_fault: t.hardwareFault ? 'ON' : 'OFF',
    autopilot_state: autopilot?.state ?? null,
    autopilot_mode: autopilot?.mode ?? null,
    // The limits in force, keyed by their control names (`autopilot_fan_max`), for the number entities.
    ...autopilot?.limits,
  };
}
