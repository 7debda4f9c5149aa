import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { estimateExport, type ExportEstimate } from '../src/chat/csv-export.js';
import { inlineHeavyWork } from '../src/chat/heavy-work-jobs.js';
import { minerArg, rangeArg } from '../src/chat/arg-spec.js';
import { defineCommand } from '../src/chat/command.js';
import { fileLimitOf } from '../src/chat/file-limits.js';
import { formatCount } from '../src/chat/format.js';
import type { ChatUser } from '../src/chat/identity.js';
import { rm } from 'node:fs/promises';
import { text, type Reply, type ReplyButton } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';

/** Raw polls are kept `retention.rawDays` (7 by default); a longer range only makes the owner wait for nothing. */
const MAX_EXPORT_MS = 31 * 86_400_000;
/** Shorter ranges offered when a file would be too large, longest first. */
const SHORTER_RANGES: TimeRange[] = [
  { label: '3d', ms: 3 * 86_400_000 },
  { label: '2d', ms: 2 * 86_400_000 },
  { label: '24h', ms: 86_400_000 },
  { label: '12h', ms: 12 * 3_600_000 },
  { label: '6h', ms: 6 * 3_600_000 },
  { label: '1h', ms: 3_600_000 },
];
/** Per-miner buttons shown under a refusal; more miners are named in the text. */
const MINER_BUTTONS = 4;

interface ExportArgs {
  miner: MinerView | null;
  range: TimeRange;
  gzip: boolean;
}

const PLATFORM_NAMES: Record<ChatUser['platform'], string> = { telegram: 'Telegram', discord: 'Discord', console: 'the console' };

function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function line(who: string, range: string, gzip: boolean): string {
  return `export ${who} ${range}${gzip ? ' gz' : ''}`;
}

/**
 * What to do instead when the file would be over the platform's limit: a shorter range that fits, the same range
 * gzipped, or one miner at a time.
 */
function tooLarge(args: ExportArgs, estimate: ExportEstimate, bytes: number, limit: number, platform: ChatUser['platform']): Reply {
  const who = args.miner?.name ?? 'all';
  const size = args.gzip ? estimate.gzipBytes : estimate.bytes;
  const fits = (ms: number, gzip: boolean): boolean => ((gzip ? estimate.gzipBytes : estimate.bytes) * ms) / args.range.ms <= limit;
  const choices: string[] = [];
  const buttons: ReplyButton[] = [];
  const offer = (label: string, commandLine: string): void => {
    choices.push(`/${commandLine}`);
    buttons.push({ label, action: { kind: 'command', line: commandLine, edit: false } });
  };
  const shorter = SHORTER_RANGES.find((r) => r.ms < args.range.ms && fits(r.ms, args.gzip));
  if (shorter) offer(`Last ${shorter.label}`, line(who, shorter.label, args.gzip));
  if (!args.gzip && estimate.gzipBytes <= limit) offer(`${args.range.label} as .gz`, line(who, args.range.label, true));
  const fittingMiners = args.miner === null ? estimate.perMiner.filter((m) => m.rows > 0 && (args.gzip ? m.bytes / 3 : m.bytes) <= limit) : [];
  for (const miner of fittingMiners.slice(0, MINER_BUTTONS)) offer(miner.name, line(miner.name, args.range.label, args.gzip));
  const moreMiners = fittingMiners.length > MINER_BUTTONS ? `, and one file per miner (/export <miner> ${args.range.label})` : '';
  const intro =
    `The export of ${who}, last ${args.range.label}${args.gzip ? ' gzipped' : ''} would be about ${formatBytes(Math.max(bytes, size))} ` +
    `(${formatCount(estimate.rows)} polls); ${PLATFORM_NAMES[platform]} takes files up to ${formatBytes(limit)}.`;
  const advice = choices.length > 0 ? ` Choose: ${choices.join(', ')}${moreMiners}.` : ' Choose a shorter range or one miner.';
  return { blocks: [text(`${intro}${advice}`)], buttons: buttons.length > 0 ? [buttons.slice(0, 3), buttons.slice(3)].filter((row) => row.length > 0) : [] };
}

export const exportCommand = defineCommand<ExportArgs>({
  name: 'export',
  description: 'Raw polls as a CSV file',
  usage: '/export [miner|all] [range] [gz]',
  examples: ['/export gamma 24h', '/export all 7d', '/export all 7d gz'],
  role: 'viewer',
  // Any order; Discord sends them in this one.
  args: {
    args: [
      minerArg({ alsoWords: ['all'], description: 'the miner, or all (default: all)' }),
      rangeArg({ description: 'how far back, at most 31d (default: 24h)' }),
      { name: 'gzip', kind: 'choice', choices: ['gz'], description: 'gz: a gzip file, about a third of the size' },
    ],
  },
  parse: (words, { services }) => {
    let miner: MinerView | null = null;
    let range: TimeRange = { label: '24h', ms: 86_400_000 };
    let gzip = false;
    for (const word of words) {
      const lower = word.toLowerCase();
      const asRange = parseRange(word);
      if (asRange) range = asRange;
      else if (lower === 'gz' || lower === 'gzip') gzip = true;
      else if (lower === 'all' || lower === 'fleet') miner = null;
      else miner = resolveMiner(word, services.fleet.miners());
    }
    if (range.ms > MAX_EXPORT_MS) throw new UsageError('export at most 31d at a time');
    return { miner, range, gzip };
  },
  run: async (args, { services, user }): Promise<Reply> => {
    const toMs = services.clock.now();
    const query = { store: services.store, miners: args.miner ? [args.miner] : services.fleet.miners(), fromMs: toMs - args.range.ms, toMs };
    const limit = fileLimitOf(user.platform);
    // Sized before the work: an export that cannot be sent is refused in milliseconds, not after minutes of writing.
    const estimate = await estimateExport(query);
    const expected = args.gzip ? estimate.gzipBytes : estimate.bytes;
    if (expected > limit) return tooLarge(args, estimate, expected, limit, user.platform);
    const who = args.miner?.name ?? 'all';
    const filename = `axepilot-${who}-${args.range.label}.csv${args.gzip ? '.gz' : ''}`;
    // Off the event loop when the heavy-work thread runs; in small slices on it otherwise.
    const heavy = services.heavy ?? inlineHeavyWork(services.store, services.config);
    const written = await heavy.exportFile({
      miners: query.miners.map(({ name, minerId }) => ({ name, minerId })), fromMs: query.fromMs, toMs: query.toMs,
      timezone: services.config.timezone, folder: services.filesDir ?? join(tmpdir(), 'axepilot'), filename, gzip: args.gzip,
    });
    if (written.bytes > limit) {
      await rm(written.path, { force: true });
      return tooLarge(args, estimate, written.bytes, limit, user.platform);
    }
    return {
      blocks: [
        {
          kind: 'file', path: written.path, bytes: written.bytes, filename, mimeType: args.gzip ? 'application/gzip' : 'text/csv',
          caption: `${formatCount(written.rows)} polls of ${who}, last ${args.range.label} (times in ${services.config.timezone})`,
        },
      ],
    };
  },
});
