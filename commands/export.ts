import { parseRange, resolveMiner, UsageError, type TimeRange } from '../src/chat/args.js';
import { exportSamplesCsv } from '../src/chat/csv-export.js';
import { defineCommand } from '../src/chat/command.js';
import { formatCount } from '../src/chat/format.js';
import type { Reply } from '../src/chat/reply.js';
import type { MinerView } from '../src/chat/services.js';

/** Telegram takes documents up to 50 MB; a week of one miner at 5 s is about 20 MB of CSV. */
const MAX_EXPORT_MS = 31 * 86_400_000;

export const exportCommand = defineCommand<{ miner: MinerView | null; range: TimeRange }>({
  name: 'export',
  description: 'Raw polls as a CSV file',
  usage: '/export [miner|all] [range]',
  examples: ['/export gamma 24h', '/export all 7d'],
  role: 'viewer',
  parse: (words, { services }) => {
    let miner: MinerView | null = null;
    let range: TimeRange = { label: '24h', ms: 86_400_000 };
    for (const word of words) {
      const asRange = parseRange(word);
      if (asRange) range = asRange;
      else if (word.toLowerCase() === 'all' || word.toLowerCase() === 'fleet') miner = null;
      else miner = resolveMiner(word, services.fleet.miners());
    }
    if (range.ms > MAX_EXPORT_MS) throw new UsageError('export at most 31d at a time');
    return { miner, range };
  },
  run: ({ miner, range }, { services }): Promise<Reply> => {
    const toMs = services.clock.now();
    const miners = miner ? [miner] : services.fleet.miners();
    const { csv, rows } = exportSamplesCsv({
      store: services.store, miners, fromMs: toMs - range.ms, toMs, timezone: services.config.timezone,
    });
    const who = miner?.name ?? 'all';
    return Promise.resolve({
      blocks: [
        {
          kind: 'file', data: Buffer.from(csv, 'utf8'), filename: `axepilot-${who}-${range.label}.csv`, mimeType: 'text/csv',
          caption: `${formatCount(rows)} polls of ${who}, last ${range.label} (times in ${services.config.timezone})`,
        },
      ],
    });
  },
});
