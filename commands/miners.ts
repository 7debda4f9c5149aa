import { defineCommand } from '../src/chat/command.js';
import { formatDuration, formatTable, NONE } from '../src/chat/format.js';
import { mono, reply, title } from '../src/chat/reply.js';

/** The configured miners with address, model and firmware: what the names in other commands refer to. */
export const minersCommand = defineCommand<null>({
  name: 'miners',
  description: 'The miners axepilot watches',
  usage: '/miners',
  role: 'viewer',
  // Words after it are ignored, as a greeting would be: nothing to get wrong.
  args: {},
  parse: () => null,
  run: (_args, { services }) => {
    const now = services.clock.now();
    const rows = services.fleet.miners().map((m) => [
      m.name,
      m.host.replace(/^https?:\/\//, ''),
      m.telemetry?.model ?? m.telemetry?.asicModel ?? NONE,
      m.telemetry?.firmware ?? NONE,
      m.online ? 'online' : m.notAxeOs ? 'not AxeOS' : m.lastGoodPollAt ? `offline ${formatDuration(now - m.lastGoodPollAt)}` : 'never seen',
    ]);
    return Promise.resolve(reply(title(`${rows.length} miner${rows.length === 1 ? '' : 's'}`), mono(formatTable(['name', 'host', 'model', 'firmware', 'state'], rows))));
  },
});
