/**
 * The per-miner families written straight to the Prometheus text format (0.0.4) from the scrape's snapshot of last
 * polls. Not through prom-client's label maps: at 1,000 miners (≈ 32,000 series) prom-client's per-sample label
 * validation and hashing made one scrape cost ~400 ms of CPU (bench/integrations.ts), about 2.6 % of a core at a
 * 15 s scrape; writing the lines directly costs a small fraction of that. Service metrics stay on prom-client.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { WatchedMiner } from '../watched-miners.js';
import { MINER_FAMILIES, TEMPERATURE_SENSORS } from './miner-families.js';

const FROM_LAST_POLL = ' (value from the last poll; see axepilot_miner_last_poll_timestamp_seconds)';

type Reporting = WatchedMiner & { telemetry: NonNullable<WatchedMiner['telemetry']> };

/** Label values escape backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function helpLine(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

class FamilyWriter {
  readonly parts: string[] = [];

  family(name: string, type: 'gauge' | 'counter', help: string): void {
    this.parts.push(`# HELP ${name} ${helpLine(help)}\n# TYPE ${name} ${type}\n`);
  }

  sample(name: string, labels: string, value: number): void {
    this.parts.push(`${name}{${labels}} ${value}\n`);
  }
}

/** The text of every `axepilot_miner_*` family; a miner without a reading has no sample in the value families. */
export function minerExposition(miners: readonly WatchedMiner[]): string {
  const out = new FamilyWriter();
  // The `miner,name` label pair of each miner, escaped once per scrape rather than once per sample.
  const ids = miners.map((m) => `miner="${escapeLabelValue(m.key)}",name="${escapeLabelValue(m.name)}"`);
  const reporting: Array<{ miner: Reporting; id: string }> = [];
  miners.forEach((m, i) => {
    if (m.online && m.telemetry !== null) reporting.push({ miner: m as Reporting, id: ids[i]! });
  });

  out.family('axepilot_miner_up', 'gauge', '1 when the last poll of the miner succeeded, 0 while it is offline or never answered');
  miners.forEach((m, i) => out.sample('axepilot_miner_up', ids[i]!, m.online && m.telemetry !== null ? 1 : 0));

  out.family('axepilot_miner_last_poll_timestamp_seconds', 'gauge', 'When the miner last answered a poll');
  miners.forEach((m, i) => {
    if (m.lastGoodPollAt !== null) out.sample('axepilot_miner_last_poll_timestamp_seconds', ids[i]!, m.lastGoodPollAt / 1000);
  });

  out.family('axepilot_miner_info', 'gauge', 'Identity of the miner (always 1): model, ASIC, board, firmware, address');
  miners.forEach((m, i) => {
    const t = m.telemetry;
    if (!t) return;
    const labels = [
      ['model', t.model ?? ''], ['asic_model', t.asicModel ?? ''], ['asic_count', t.asicCount === null ? '' : String(t.asicCount)],
      ['board', t.boardVersion ?? ''], ['firmware', t.firmware ?? ''], ['host', m.host],
    ].map(([key, value]) => `${key}="${escapeLabelValue(value ?? '')}"`).join(',');
    out.sample('axepilot_miner_info', `${ids[i]!},${labels}`, 1);
  });

  out.family('axepilot_miner_energy_joules_total', 'counter',
    'Energy the miner used while axepilot watched it, integrated from power between polls (kept across restarts)');
  miners.forEach((m, i) => {
    if (m.energyJoules !== null) out.sample('axepilot_miner_energy_joules_total', ids[i]!, m.energyJoules);
  });

  out.family('axepilot_miner_temperature_celsius', 'gauge', `Temperature by sensor: asic, asic2, vr${FROM_LAST_POLL}`);
  for (const { miner, id } of reporting) {
    for (const { sensor, read } of TEMPERATURE_SENSORS) {
      const value = read(miner.telemetry);
      if (value !== null && Number.isFinite(value)) out.sample('axepilot_miner_temperature_celsius', `${id},sensor="${sensor}"`, value);
    }
  }

  for (const family of MINER_FAMILIES) {
    out.family(family.name, family.type, `${family.help}${FROM_LAST_POLL}`);
    for (const { miner, id } of reporting) {
      const value = family.read(miner.telemetry);
      if (value === null || !Number.isFinite(value) || (family.type === 'counter' && value < 0)) continue;
      out.sample(family.name, id, value);
    }
  }
  return out.parts.join('');
}
