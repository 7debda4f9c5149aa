import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { announceChannelOff } from '../../../src/messaging/channels/channel-off.js';
import type { ChatTarget } from '../../../src/messaging/chat-target.js';
import { plainText, type Message } from '../../../src/messaging/message.js';
import { fakePlatforms } from '../../fakes/chat-platform.js';

/** `reachable`: the platforms registered, whose chats a notice can reach. */
function rig(admins: string[], reachable: string[]) {
  const queued: Array<{ kind: string; targets: readonly ChatTarget[]; message: Message }> = [];
  const lines: string[] = [];
  const announce = announceChannelOff({
    admins,
    alertChats: [{ platform: 'telegram', chatId: '-100200' }],
    platforms: fakePlatforms(...reachable),
    queue: (input) => queued.push(input),
    clock: new VirtualClock(),
    log: createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } }),
  });
  return { announce, queued, lines };
}

describe('a notification channel that turned itself off', () => {
  it('is one error line in the log and a notice in the admins\' chats', () => {
    const { announce, queued, lines } = rig(['telegram:7003', 'discord:55', 'console:local'], ['telegram', 'discord', 'console', 'ntfy']);
    announce('ntfy', 'ntfy answered 401: unauthorized (check its URL and credentials in notify.ntfy)');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'error', channel: 'ntfy', msg: expect.stringContaining('ntfy notifications are off: ntfy answered 401') as unknown });
    expect(queued.map((q) => [q.kind, q.targets])).toEqual([['notice', [{ platform: 'telegram', chatId: '7003' }, { platform: 'console', chatId: 'local' }]]]);
    expect(plainText(queued[0]?.message ?? { blocks: [] })).toContain('fix notify.ntfy in the config and restart axepilot');
  });

  it('goes to the alert chats when no admin chat can be reached, and never through the channel that is off', () => {
    const { announce, queued } = rig(['discord:55'], ['telegram', 'email']);
    announce('email', 'the SMTP server answered 535');
    expect(queued[0]?.targets).toEqual([{ platform: 'telegram', chatId: '-100200' }]);
    const none = rig([], []);
    none.announce('gotify', 'gotify answered 401');
    expect(none.queued).toEqual([]);
    expect(none.lines).toHaveLength(1);
  });
});
