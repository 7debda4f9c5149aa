/**
 * InfluxDB line protocol for one poll of one miner: measurement `axepilot_miner`, tags `miner`, `name`, `model`,
 * fields named and scaled like the Prometheus families (base units), time in seconds. Every field is a float, so a
 * value that happens to be whole never changes the field's type (which InfluxDB would refuse).
 * https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/
 */
import { MINER_FAMILIES, TEMPERATURE_SENSORS } from '../prometheus/miner-families.js';
import type { WatchedMiner } from '../watched-miners.js';

export const MEASUREMENT = 'axepilot_miner';

/** Tag keys and values escape commas, equals signs and spaces. */
export function escapeTag(text: string): string {
  return text.replace(/[,= \\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

/** `axepilot_miner_power_watts` → `power_watts`, `…_shares_accepted_total` → `shares_accepted_total`. */
function fieldName(family: string): string {
  return family.replace(/^axepilot_miner_/, '');
}

/** One line for the miner's last poll, or null when there is nothing to say (no poll yet, offline, no fields). */
export function minerLine(miner: WatchedMiner): string | null {
  const t = miner.telemetry;
  if (!t || !miner.online) return null;
  const fields: string[] = [];
  for (const family of MINER_FAMILIES) {
    const value = family.read(t);
    if (value !== null && Number.isFinite(value)) fields.push(`${fieldName(family.name)}=${formatFloat(value)}`);
  }
  for (const { sensor, read } of TEMPERATURE_SENSORS) {
    const value = read(t);
    if (value !== null && Number.isFinite(value)) fields.push(`temperature_${sensor}_celsius=${formatFloat(value)}`);
  }
  if (miner.energyJoules !== null) fields.push(`energy_joules_total=${formatFloat(miner.energyJoules)}`);
  if (fields.length === 0) return null;
  const tags = [`miner=${escapeTag(miner.key)}`, `name=${escapeTag(miner.name)}`];
  if (t.model) tags.push(`model=${escapeTag(t.model)}`);
  return `${MEASUREMENT},${tags.join(',')} ${fields.join(',')} ${Math.floor(t.ts / 1000)}`;
}

function formatFloat(value: number): string {
  // Whole numbers keep a decimal point: `3` would be read as a float anyway, but `3.0` says so to a human reading the wire.
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
