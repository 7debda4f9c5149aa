import { defineCommand } from '../src/chat/command.js';
import { formatDuration, NONE } from '../src/chat/format.js';
import { fitWidth, PHONE_COLUMNS, wrapForPhone } from '../src/core/phone-text.js';
import { mono, reply, title } from '../src/chat/reply.js';
import { bareHost } from '../src/chat/miner-card.js';

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
    const miners = services.fleet.miners();
    // Two lines per miner, so 18-character names, addresses and model names fit a phone's 40 columns.
    const lines = miners.flatMap((m) => [
      `${fitWidth(m.name, 22)}  ${m.online ? 'online' : m.notAxeOs ? 'not AxeOS' : m.lastGoodPollAt ? `offline ${formatDuration(now - m.lastGoodPollAt)}` : 'never seen'}`,
      ...wrapForPhone(`  ${[bareHost(m.host), m.telemetry?.model ?? m.telemetry?.asicModel ?? NONE, m.telemetry?.firmware ?? NONE].join(' · ')}`, PHONE_COLUMNS, '    '),
    ]);
    return Promise.resolve(reply(title(`${miners.length} miner${miners.length === 1 ? '' : 's'}`), mono(lines.join('\n'))));
  },
});
