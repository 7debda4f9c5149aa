import { localClock, localDate } from '../../core/local-time.js';
import { grouped } from '../../core/units.js';
import type { MessageBlock as DeliveryBlock } from '../../messaging/message.js';
import type { DigestLine, DigestNumbers } from './digest.js';
import { formatAlertDuration, formatDifficulty, formatGhs } from '../units.js';

const NONE = '—';
/** A phone shows the first lines of a long list; the rest is in `/events`. */
const ALERTS_LISTED = 10;
const SEVERITY_MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: 'ℹ️' };


const num = (value: number | null, digits: number): string => (value === null || !Number.isFinite(value) ? NONE : grouped(value, digits));

function kwh(value: number): string {
  return grouped(value, value < 10 ? 2 : 1);
}

function row(line: DigestLine, withCost: boolean): string[] {
  return [
    line.name,
    num(line.hashrateGhs, 0),
    num(line.pctOfExpected, 0),
    num(line.jth, 1),
    kwh(line.energyKwh),
    ...(withCost ? [num(line.cost, 2)] : []),
    num(line.uptimePct, 0),
    line.bestDiff === null ? NONE : formatDifficulty(line.bestDiff),
    grouped(line.sharesAccepted, 0),
    grouped(line.alertsFired, 0),
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}

/** Uptime of the time watched, saying how much that was when axepilot did not watch the whole day. */
function uptimeWords(fleet: DigestLine, rangeMs: number): string {
  const up = `${num(fleet.uptimePct, 0)} %`;
  // A minute short of the range is the whole range: the last poll lands a few seconds before the digest.
  if (fleet.watchedMs >= rangeMs - 60_000) return `uptime ${up}`;
  return `watched ${formatAlertDuration(fleet.watchedMs)} of the ${Math.round(rangeMs / 3_600_000)} h, up ${up} of that`;
}

function fleetSentence(fleet: DigestLine, minerCount: number, currency: string, rangeMs: number): string {
  const parts = [
    fleet.hashrateGhs === null
      ? 'no hashrate recorded'
      : `${formatGhs(fleet.hashrateGhs)} on average${fleet.pctOfExpected === null ? '' : ` (${num(fleet.pctOfExpected, 0)} % of expected)`}`,
    `${num(fleet.jth, 1)} J/TH`,
    `${kwh(fleet.energyKwh)} kWh${fleet.cost === null ? '' : ` (${num(fleet.cost, 2)} ${currency})`}`,
    uptimeWords(fleet, rangeMs),
    `best difficulty ${fleet.bestDiff === null ? NONE : formatDifficulty(fleet.bestDiff)}`,
    `${grouped(fleet.sharesAccepted, 0)} shares, ${grouped(fleet.sharesRejected, 0)} rejected`,
  ];
  return `Fleet (${minerCount} ${minerCount === 1 ? 'miner' : 'miners'}): ${parts.join(' · ')}`;
}

function alertLines(numbers: DigestNumbers, timeZone: string): string {
  const fired = numbers.fired;
  if (fired.length === 0) return 'No alerts fired. ✅';
  const listed = fired.slice(-ALERTS_LISTED).map((f) => `${localClock(f.ts, timeZone)} ${SEVERITY_MARK[f.severity] ?? '·'} ${f.message}`);
  const more = fired.length > ALERTS_LISTED ? [`… and ${fired.length - ALERTS_LISTED} earlier (see /events)`] : [];
  return [`Alerts that fired: ${fired.length}`, ...more, ...listed].join('\n');
}

/** The digest's text: a title, the fleet in one sentence, a table per miner, and what fired. */
export function formatDigestBlocks(numbers: DigestNumbers, options: { timeZone: string }): DeliveryBlock[] {
  const end = { date: localDate(numbers.toMs, options.timeZone), time: localClock(numbers.toMs, options.timeZone) };
  const withCost = numbers.fleet.cost !== null;
  const header = ['miner', 'GH/s', '%exp', 'J/TH', 'kWh', ...(withCost ? [numbers.currency] : []), 'up%', 'best', 'shares', 'alerts'];
  const rows = [...numbers.miners, numbers.fleet].map((line) => row(line, withCost));
  const blocks: DeliveryBlock[] = [
    { kind: 'text', text: `Daily digest: the 24 h to ${end.date} ${end.time}`, style: 'title' },
    { kind: 'text', text: fleetSentence(numbers.fleet, numbers.miners.length, numbers.currency, numbers.toMs - numbers.fromMs), style: 'plain' },
  ];
  if (numbers.miners.length > 0) blocks.push({ kind: 'text', text: table(header, rows), style: 'mono' });
  blocks.push({ kind: 'text', text: alertLines(numbers, options.timeZone), style: 'plain' });
  if (numbers.autopilot.length > 0) {
    const total = numbers.autopilot.reduce((sum, m) => sum + m.notices, 0);
    const each = numbers.autopilot.map((m) => `${m.name} ${m.notices}`).join(', ');
    blocks.push({ kind: 'text', text: `🤖 The autopilot acted or reported ${total} ${total === 1 ? 'time' : 'times'} (${each}); /autopilot <miner> log says why.`, style: 'plain' });
  }
  return blocks;
}
