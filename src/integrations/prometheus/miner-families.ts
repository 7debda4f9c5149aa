/**
 * The `axepilot_miner_*` families: what each is, its type, and how it is read from a miner's last poll, in base units
 * (Prometheus naming: hashes/s, watts, volts, amperes, hertz, °C, 0–1 ratios, seconds). `null` = no sample.
 * Share and block counts are the device's own counters: they restart at 0 when the miner reboots, which `rate()`
 * treats as a counter reset.
 */
import type { Telemetry } from '../../axeos/telemetry.js';

export interface MinerFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  read: (t: Telemetry) => number | null;
}

const scaled = (value: number | null, factor: number): number | null => (value === null ? null : value * factor);
const flag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);
const fault = (value: string | null): number => (value ? 1 : 0);

/** From the last good poll; families whose reading the firmware lacks have no sample for that miner. */
export const MINER_FAMILIES: readonly MinerFamily[] = [
  { name: 'axepilot_miner_hashrate_hashes_per_second', type: 'gauge', help: 'Hashrate', read: (t) => scaled(t.hashrateGhs, 1e9) },
  { name: 'axepilot_miner_expected_hashrate_hashes_per_second', type: 'gauge', help: 'Hashrate the firmware expects at the current frequency', read: (t) => scaled(t.expectedHashrateGhs, 1e9) },
  { name: 'axepilot_miner_power_watts', type: 'gauge', help: 'Power drawn', read: (t) => t.powerW },
  { name: 'axepilot_miner_input_voltage_volts', type: 'gauge', help: 'Input (supply) voltage', read: (t) => t.inputVoltageV },
  { name: 'axepilot_miner_input_current_amperes', type: 'gauge', help: 'Input current', read: (t) => t.currentA },
  { name: 'axepilot_miner_core_voltage_volts', type: 'gauge', help: 'ASIC core voltage measured', read: (t) => scaled(t.coreVoltageActualMv, 1e-3) },
  { name: 'axepilot_miner_core_voltage_setpoint_volts', type: 'gauge', help: 'ASIC core voltage set', read: (t) => scaled(t.coreVoltageMv, 1e-3) },
  { name: 'axepilot_miner_asic_frequency_hertz', type: 'gauge', help: 'ASIC frequency set', read: (t) => scaled(t.frequencyMhz, 1e6) },
  { name: 'axepilot_miner_temperature_target_celsius', type: 'gauge', help: 'Chip temperature the fan controller aims at', read: (t) => t.tempTargetC },
  { name: 'axepilot_miner_fan_speed_ratio', type: 'gauge', help: 'Fan duty, 0 to 1', read: (t) => scaled(t.fanPct, 0.01) },
  { name: 'axepilot_miner_fan_speed_rpm', type: 'gauge', help: 'Fan speed', read: (t) => t.fanRpm },
  { name: 'axepilot_miner_asic_error_ratio', type: 'gauge', help: 'ASIC error rate, 0 to 1', read: (t) => scaled(t.errorPct, 0.01) },
  { name: 'axepilot_miner_shares_accepted_total', type: 'counter', help: 'Shares the pool accepted (the device counter; resets when the miner reboots)', read: (t) => t.sharesAccepted },
  { name: 'axepilot_miner_shares_rejected_total', type: 'counter', help: 'Shares the pool rejected (the device counter; resets when the miner reboots)', read: (t) => t.sharesRejected },
  { name: 'axepilot_miner_blocks_found_total', type: 'counter', help: 'Blocks found (the device counter)', read: (t) => t.blocksFound },
  { name: 'axepilot_miner_best_difficulty', type: 'gauge', help: 'Best share difficulty ever', read: (t) => t.bestDiff },
  { name: 'axepilot_miner_session_best_difficulty', type: 'gauge', help: 'Best share difficulty since the miner booted', read: (t) => t.bestSessionDiff },
  { name: 'axepilot_miner_pool_difficulty', type: 'gauge', help: 'Share difficulty the pool asks for', read: (t) => t.poolDifficulty },
  { name: 'axepilot_miner_network_difficulty', type: 'gauge', help: 'Bitcoin network difficulty as the miner last heard it', read: (t) => t.networkDifficulty },
  { name: 'axepilot_miner_using_fallback_pool', type: 'gauge', help: '1 while the miner mines on its fallback pool', read: (t) => flag(t.usingFallbackPool) },
  { name: 'axepilot_miner_mining_paused', type: 'gauge', help: '1 while mining is paused (AxeOS 2.14+)', read: (t) => flag(t.miningPaused) },
  { name: 'axepilot_miner_overheat', type: 'gauge', help: '1 while the firmware is in overheat mode', read: (t) => flag(t.overheat) },
  { name: 'axepilot_miner_power_fault', type: 'gauge', help: '1 while the firmware reports a power fault (text in the log)', read: (t) => fault(t.powerFault) },
  { name: 'axepilot_miner_hardware_fault', type: 'gauge', help: '1 while the firmware reports a hardware fault (text in the log)', read: (t) => fault(t.hardwareFault) },
  { name: 'axepilot_miner_uptime_seconds', type: 'gauge', help: 'Time since the miner booted', read: (t) => t.uptimeS },
  { name: 'axepilot_miner_wifi_rssi_dbm', type: 'gauge', help: 'Wi-Fi signal strength', read: (t) => t.wifiRssi },
  { name: 'axepilot_miner_efficiency_joules_per_terahash', type: 'gauge', help: 'Energy per terahash (power / hashrate)', read: (t) => t.efficiencyJth },
];

/** One family, `sensor` label: the chip (and second chip sensor) and the voltage regulator. */
export const TEMPERATURE_SENSORS: ReadonlyArray<{ sensor: string; read: (t: Telemetry) => number | null }> = [
  { sensor: 'asic', read: (t) => t.chipTempC },
  { sensor: 'asic2', read: (t) => t.chipTemp2C },
  { sensor: 'vr', read: (t) => t.vrTempC },
];
