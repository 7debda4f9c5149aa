/** The bench's tables: one row per policy, then each miner's hashrate against its oracle. */
import type { PolicySummary } from './metrics.js';

const num = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function policyTable(summaries: readonly PolicySummary[]): string {
  const header = ['policy', 'inside limits %', 'fw trips', 'hashrate % of oracle', 'worst miner %', 'J/TH', 'writes/miner-day', 'max writes', 'dir. changes/h', 'restarts', 'stall → hashing (min)'];
  const rows = summaries.map((s) => [
    s.policy, num(s.insidePct, 2), String(s.trips), num(s.oraclePct, 1), num(s.worstOraclePct, 1), num(s.jth, 2),
    num(s.writesPerMinerDay, 1), String(s.maxWritesPerMinerDay), num(s.directionChangesPerHour, 3), String(s.restarts),
    s.stallMinutes === null ? '—' : Number.isFinite(s.stallMinutes) ? num(s.stallMinutes, 1) : 'never',
  ]);
  return markdown(header, rows);
}

/** Per miner: hashrate % of oracle, minutes outside the limits (by limit), trips, writes. */
export function minerTable(summaries: readonly PolicySummary[]): string {
  const devices = summaries[0]?.days.map((d) => d.device) ?? [];
  const header = ['miner', ...summaries.map((s) => s.policy)];
  const rows = devices.map((device) => [device, ...summaries.map((s) => {
    const d = s.days.find((x) => x.device === device);
    if (!d) return '—';
    const out = Object.entries(d.outside).filter(([, m]) => m > 0).map(([k, m]) => `${k} ${m}`).join(' ');
    return `${num((d.hashrateGhs / d.oracleGhs) * 100, 1)} %, out ${d.minutes - d.insideMinutes}${out ? ` (${out})` : ''}, trips ${d.trips}, w ${d.writes}`;
  })]);
  return markdown(header, rows);
}
