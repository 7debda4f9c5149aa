import { localClock, localDate } from '../../core/local-time.js';
import { fitWidth, PHONE_COLUMNS } from '../../core/phone-text.js';
import { grouped } from '../../core/units.js';
import type { MessageBlock } from '../../messaging/message.js';
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

const INDENT = '  ';

/** `head` then the items joined by ` · `, going on to a new indented line whenever one would pass the phone's width. */
function flow(head: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let current = head;
  let empty = true;
  for (const item of items) {
    const joined = `${current}${empty ? '' : ' · '}${item}`;
    if (empty || [...joined].length <= PHONE_COLUMNS) current = joined;
    else {
      lines.push(current);
      current = `${INDENT}${item}`;
    }
    empty = false;
  }
  lines.push(current.trimEnd());
  return lines;
}

/**
 * One miner in three short lines: hashrate and % of expected beside its name (and its alerts, when it had any; the
 * list below says which), then uptime, efficiency and best difficulty, then energy, its cost and the shares.
 */
function minerLines(line: DigestLine, currency: string, withCost: boolean): string[] {
  // A name too long even for a line of its own is cut; the full name is in /miners.
  const name = fitWidth(line.name, PHONE_COLUMNS);
  const hashrate = `${num(line.hashrateGhs, 0)} GH/s${line.pctOfExpected === null ? '' : ` (${num(line.pctOfExpected, 0)} %)`}`;
  const alerts = line.alertsFired === 0 ? [] : [`${grouped(line.alertsFired, 0)} ${line.alertsFired === 1 ? 'alert' : 'alerts'}`];
  const first = [...name].length + INDENT.length + hashrate.length <= PHONE_COLUMNS
    ? flow(`${name}${INDENT}`, [hashrate, ...alerts])
    : [name, ...flow(INDENT, [hashrate, ...alerts])];
  const energy = `${kwh(line.energyKwh)} kWh${withCost ? ` (${num(line.cost, 2)} ${currency})` : ''}`;
  return [
    ...first,
    ...flow(INDENT, [`up ${num(line.uptimePct, 0)} %`, `${num(line.jth, 1)} J/TH`, `best ${line.bestDiff === null ? NONE : formatDifficulty(line.bestDiff)}`]),
    ...flow(INDENT, [energy, `${grouped(line.sharesAccepted, 0)} shares`]),
  ];
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

/** The digest's text: a title, the fleet in one sentence, each miner in three short lines, and what fired. */
export function formatDigestBlocks(numbers: DigestNumbers, options: { timeZone: string }): MessageBlock[] {
  const end = { date: localDate(numbers.toMs, options.timeZone), time: localClock(numbers.toMs, options.timeZone) };
  const withCost = numbers.fleet.cost !== null;
  const blocks: MessageBlock[] = [
    { kind: 'text', text: `Daily digest: the 24 h to ${end.date} ${end.time}`, style: 'title' },
    { kind: 'text', text: fleetSentence(numbers.fleet, numbers.miners.length, numbers.currency, numbers.toMs - numbers.fromMs), style: 'plain' },
  ];
  // The fleet's own numbers are the sentence above; the block is per miner, and fits a phone held upright.
  const perMiner = numbers.miners.flatMap((line) => minerLines(line, numbers.currency, withCost));
  if (perMiner.length > 0) blocks.push({ kind: 'text', text: perMiner.join('\n'), style: 'mono' });
  blocks.push({ kind: 'text', text: alertLines(numbers, options.timeZone), style: 'plain' });
  if (numbers.autopilot.length > 0) {
    const total = numbers.autopilot.reduce((sum, m) => sum + m.notices, 0);
    const each = numbers.autopilot.map((m) => `${m.name} ${m.notices}`).join(', ');
    blocks.push({ kind: 'text', text: `🤖 The autopilot acted or reported ${total} ${total === 1 ? 'time' : 'times'} (${each}); /autopilot <miner> log says why.`, style: 'plain' });
  }
  return blocks;
}
