import { looksLikeMiner, parseCount, resolveMiner, UsageError } from '../src/chat/args.js';
import { minerArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { formatLocalTime } from '../src/chat/format.js';
import { reply, text, title } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';
import { AuditLog, describeActor, describeChange, type AuditEntry } from '../src/control/index.js';

const DEFAULT_ROWS = 10;
const MAX_ROWS = 50;

const ACTION_WORDS: Record<AuditEntry['action'], string> = {
  set: 'set', undo: 'undo', restart: 'restart', pause: 'pause', resume: 'resume', identify: 'identify',
  lock: 'locked', release: 'released at', restore: 'restore',
};

/** `2026-11-22 14:02 gamma: set frequency 525 → 575 MHz, by owner (telegram:1): ok` */
export function auditLine(entry: AuditEntry, timeZone: string): string {
  const action = ACTION_WORDS[entry.action];
  const what = entry.after ? `${action} ${describeChange(entry.before, entry.after)}` : action;
  const outcome = entry.result === 'ok' ? 'ok' : entry.result;
  const detail = entry.detail && entry.result !== 'ok' ? ` (${entry.detail})` : '';
  return `${formatLocalTime(entry.ts, timeZone)} ${entry.miner}: ${what}, by ${describeActor(entry.actor)}: ${outcome}${detail}`;
}

export const auditCommand = defineCommand<{ miner: MinerView | null; rows: number }>({
  name: 'audit',
  description: 'Who changed what on the miners, newest first',
  usage: '/audit [miner] [rows 1-50]',
  examples: ['/audit', '/audit gamma', '/audit gamma 30'],
  role: 'admin',
  // Any order: `/audit 30 gamma` reads as well as `/audit gamma 30`.
  args: {
    args: [
      minerArg({ description: 'only this miner (default: all)' }),
      { name: 'rows', kind: 'integer', min: 1, max: MAX_ROWS, unit: 'rows', description: `how many lines, 1–${MAX_ROWS} (default ${DEFAULT_ROWS})` },
    ],
  },
  parse: (words, { services }) => {
    const miners = services.fleet.miners();
    let miner: MinerView | null = null;
    let rows = DEFAULT_ROWS;
    for (const word of words) {
      const count = /^\d+$/.test(word) ? parseCount(word, 1, MAX_ROWS) : null;
      if (/^\d+$/.test(word) && !looksLikeMiner(word, miners)) {
        if (count === null) throw new UsageError(`rows must be between 1 and ${MAX_ROWS}`);
        rows = count;
      } else if (miner === null) {
        miner = resolveMiner(word, miners);
      } else {
        throw new UsageError('give at most one miner');
      }
    }
    return { miner, rows };
  },
  run: ({ miner, rows }, { services }) => {
    const entries = new AuditLog(services.store.db).list({ ...(miner ? { miner: miner.name } : {}), limit: rows });
    const heading = title(`Audit log${miner ? `: ${miner.name}` : ''} (newest first)`);
    if (entries.length === 0) return Promise.resolve(reply(heading, text('Nothing recorded yet.')));
    return Promise.resolve(reply(heading, text(entries.map((e) => auditLine(e, services.config.timezone)).join('\n'))));
  },
});
