import type { SampleRow } from '../store/samples.js';
import type { Store } from '../store/store.js';
import { formatIsoInZone } from './format.js';

/** Units live in the header names so a spreadsheet needs no legend. */
const COLUMNS: Array<[string, keyof SampleRow]> = [
  ['hashrate_ghs', 'hashrateGhs'],
  ['expected_hashrate_ghs', 'expectedHashrateGhs'],
  ['chip_temp_c', 'chipTempC'],
  ['vr_temp_c', 'vrTempC'],
  ['power_w', 'powerW'],
  ['input_voltage_v', 'inputVoltageV'],
  ['core_voltage_mv', 'coreVoltageMv'],
  ['core_voltage_actual_mv', 'coreVoltageActualMv'],
  ['frequency_mhz', 'frequencyMhz'],
  ['fan_pct', 'fanPct'],
  ['fan_rpm', 'fanRpm'],
  ['error_pct', 'errorPct'],
  ['shares_accepted', 'sharesAccepted'],
  ['shares_rejected', 'sharesRejected'],
  ['best_diff', 'bestDiff'],
  ['uptime_s', 'uptimeS'],
];

export const CSV_HEADER = ['time', 'miner', ...COLUMNS.map(([name]) => name)].join(',');

/** Quotes a cell only when it must (RFC 4180). */
function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvExport {
  csv: string;
  rows: number;
}

/**
 * Raw polls of the given miners over a range as CSV: ISO timestamps in the owner's time zone, one row per poll,
 * empty cells where the miner gave no reading. Raw polls are kept `retention.rawDays`; older ranges come back short.
 */
export function exportSamplesCsv(input: {
  store: Store;
  miners: Array<{ name: string; minerId: number | null }>;
  fromMs: number;
  toMs: number;
  timezone: string;
}): CsvExport {
  const lines = [CSV_HEADER];
  let rows = 0;
  for (const miner of input.miners) {
    if (miner.minerId === null) continue;
    for (const sample of input.store.samples.range(miner.minerId, input.fromMs, input.toMs)) {
      const values = COLUMNS.map(([, key]) => {
        const value = sample[key];
        return value === null ? '' : String(value);
      });
      lines.push([formatIsoInZone(sample.ts, input.timezone), cell(miner.name), ...values].join(','));
      rows++;
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows };
}
