import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { parseConfig } from '../../../src/config/load.js';
import { defineCommand } from '../../../src/chat/command.js';
import { UsageError } from '../../../src/chat/args.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { text, type Reply, type ReplyBlock } from '../../../src/chat/reply.js';
import type { MinerView } from '../../../src/chat/services.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { ALL_COMMANDS } from '../../../commands/index.js';

const admin: ChatUser = { platform: 'telegram', id: '1', displayName: 'owner', chatId: '1', isGroup: false };
const viewer: ChatUser = { platform: 'telegram', id: '2', displayName: 'friend', chatId: '2', isGroup: false };
const stranger: ChatUser = { platform: 'telegram', id: '3', displayName: 'someone', chatId: '-100', isGroup: true };

const textOf = (blocks: ReplyBlock[] | undefined): string =>
  (blocks ?? []).map((b) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');

const miner = (name: string): MinerView => ({
  name, host: `http://10.0.0.${name.length}`, minerId: null, online: false, telemetry: null, lastGoodPollAt: null, lastError: 'never polled', asic: null,
});

describe('CommandRouter', () => {
  let store: Store;
  afterEach(() => store.close());

  function setup(extra: Parameters<typeof defineCommand>[0][] = [], burst = 20) {
    store = openStore({ path: ':memory:' });
    const clock = new VirtualClock(Date.UTC(2026, 10, 22));
    const config = parseConfig({ chat: { admins: ['telegram:1'], viewers: ['telegram:2'] } }, {});
    const miners = [miner('gamma-1'), miner('gamma-2'), miner('supra')];
    const router = new CommandRouter({
      commands: [...ALL_COMMANDS, ...extra.map((c) => defineCommand(c))],
      services: { fleet: { miners: () => miners }, store, config, clock },
      clock,
      log: silentLogger(),
      access: () => config.chat,
      rateLimit: { burst, refillPerMinute: 6 },
    });
    return { router, clock };
  }

  it('refuses a stranger once, with their id, and /whoami answers everyone', async () => {
    const { router, clock } = setup();
    const first = await router.handleText(stranger, '/status');
    expect(textOf(first?.blocks)).toContain('telegram:3');
    expect(textOf(first?.blocks)).not.toContain('gamma');
    expect(await router.handleText(stranger, '/status')).toBeNull();
    expect(textOf((await router.handleText(stranger, '/whoami'))?.blocks)).toContain('telegram:3');
    await clock.advance(11 * 60_000);
    expect(await router.handleText(stranger, '/miners')).not.toBeNull();
  });

  it('answers a stranger\'s /start every time, until the per-user limit, then stays silent', async () => {
    const { router, clock } = setup([], 3);
    for (let i = 0; i < 3; i++) expect(textOf((await router.handleText(stranger, '/start'))?.blocks)).toContain('Your id: telegram:3');
    expect(await router.handleText(stranger, '/start')).toBeNull();
    await clock.advance(60_000);
    expect(textOf((await router.handleText(stranger, '/start'))?.blocks)).toContain('viewers: ["telegram:3"]');
  });

  it('ignores chatter and strips @botname', async () => {
    const { router } = setup();
    expect(await router.handleText(admin, 'hello there')).toBeNull();
    expect(textOf((await router.handleText(admin, '/whoami@axepilot_bot'))?.blocks)).toContain('role: admin');
  });

  it('answers unknown commands and bad arguments with a usage line', async () => {
    const { router } = setup();
    expect(textOf((await router.handleText(admin, '/nosuch'))?.blocks)).toContain('/help');
    const bad = textOf((await router.handleText(admin, '/status nosuchminer'))?.blocks);
    expect(bad).toContain('no miner called "nosuchminer"');
    expect(bad).toContain('Usage: /status [miner|all]');
    expect(textOf((await router.handleText(admin, '/status gamma'))?.blocks)).toContain('matches gamma-1, gamma-2');
    expect(textOf((await router.handleText(admin, '/chart banana'))?.blocks)).toContain('Usage: /chart');
    expect(textOf((await router.handleText(admin, '/events 1000'))?.blocks)).toContain('between 1 and 100');
    expect(textOf((await router.handleText(admin, '/history'))?.blocks)).toContain('which miner?');
  });

  it('keeps viewers out of admin commands', async () => {
    const { router } = setup([
      { name: 'dangerous', description: 'x', usage: '/dangerous', role: 'admin', parse: () => null, run: () => Promise.resolve({ blocks: [text('done')] }) },
    ]);
    expect(textOf((await router.handleText(viewer, '/dangerous'))?.blocks)).toContain('needs the admin role');
    expect(textOf((await router.handleText(admin, '/dangerous'))?.blocks)).toBe('done');
  });

  it('turns a failing command into "command failed" and keeps going', async () => {
    const { router } = setup([
      { name: 'broken', description: 'x', usage: '/broken', role: 'viewer', parse: () => null, run: () => Promise.reject(new Error('disk on fire')) },
      { name: 'picky', description: 'x', usage: '/picky <n>', role: 'viewer', parse: () => { throw new UsageError('n please'); }, run: () => Promise.resolve({ blocks: [] }) },
    ]);
    expect(textOf((await router.handleText(admin, '/broken'))?.blocks)).toBe('command failed: disk on fire');
    expect(textOf((await router.handleText(admin, '/picky'))?.blocks)).toBe('n please\nUsage: /picky <n>');
    expect(textOf((await router.handleText(admin, '/whoami'))?.blocks)).toContain('admin');
  });

  it('rate-limits a user who hammers the bot, not the others', async () => {
    const { router, clock } = setup([], 3);
    for (let i = 0; i < 3; i++) expect(textOf((await router.handleText(viewer, '/whoami'))?.blocks)).toContain('viewer');
    expect(textOf((await router.handleText(viewer, '/whoami'))?.blocks)).toContain('Too many commands');
    expect(textOf((await router.handleText(admin, '/whoami'))?.blocks)).toContain('admin');
    await clock.advance(10_000);
    expect(textOf((await router.handleText(viewer, '/whoami'))?.blocks)).toContain('viewer');
  });

  it('binds confirmation buttons to their user, runs them once, and expires them', async () => {
    let runs = 0;
    const { router, clock } = setup([
      {
        name: 'reboot', description: 'x', usage: '/reboot', role: 'admin', parse: () => null,
        run: (_args, { user }): Promise<Reply> =>
          Promise.resolve({
            blocks: [text('Sure?')],
            buttons: [[{
              label: 'Confirm', onlyUser: `${user.platform}:${user.id}`, expiresAt: clock.now() + 60_000,
              action: { kind: 'callback', edit: true, run: () => { runs++; return Promise.resolve({ blocks: [text('rebooted')] }); } },
            }]],
          }),
      },
    ]);
    const asked = await router.handleText(admin, '/reboot');
    const id = asked?.buttons[0]?.[0]?.id ?? '';
    expect((await router.pressButton(viewer, id)).notice).toContain('Only the person who asked');
    const pressed = await router.pressButton(admin, id);
    expect(textOf(pressed.reply?.blocks)).toBe('rebooted');
    expect(pressed.edit).toBe(true);
    expect((await router.pressButton(admin, id)).notice).toBe('Already done.');
    expect(runs).toBe(1);
    const again = await router.handleText(admin, '/reboot');
    await clock.advance(61_000);
    expect((await router.pressButton(admin, again?.buttons[0]?.[0]?.id ?? '')).notice).toContain('expired');
    expect((await router.pressButton(admin, 'forged-data')).notice).toContain('no longer active');
    expect(runs).toBe(1);
  });

  it('lists only what a role may use in /help', async () => {
    const { router } = setup();
    const forViewer = textOf((await router.handleText(viewer, '/help'))?.blocks);
    expect(forViewer).toContain('/status');
    expect(forViewer).toContain('/export');
    const forStranger = textOf((await router.handleText(stranger, '/help'))?.blocks);
    expect(forStranger).toContain('/whoami');
    expect(forStranger).not.toContain('/status');
  });
});

describe('crafted button data', () => {
  it('is refused with a short notice and never runs or edits: unsigned, badly signed, or signed for another line', async () => {
    const store = openStore({ path: ':memory:' });
    try {
      const clock = new VirtualClock(0);
      const config = parseConfig({ chat: { admins: ['telegram:1'], viewers: ['telegram:2'] } }, {});
      const router = new CommandRouter({
        commands: ALL_COMMANDS, services: { fleet: { miners: () => [] }, store, config, clock }, clock, log: silentLogger(), access: () => config.chat,
      });
      const real = router.signButtons({ blocks: [], buttons: [[{ label: 'h', id: 'e:status' }]] }).buttons[0]?.[0]?.id ?? '';
      const mac = real.split(':')[1] ?? '';
      for (const crafted of ['e:help', 'e:mute all 24h', `e:${mac}:help`, 'e:AAAAAAAAAAA:help', `c:${mac}:status`, 'c:status']) {
        const outcome = await router.pressButton(viewer, crafted);
        expect(outcome).toEqual({
          notice: 'This button was not made by axepilot, or is from an older version; run the command again.', reply: null, edit: false,
        });
      }
      expect((await router.pressButton(viewer, real)).reply).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it('is signed with a key kept in the database: another database does not accept it', async () => {
    const stores = [openStore({ path: ':memory:' }), openStore({ path: ':memory:' })];
    try {
      const clock = new VirtualClock(0);
      const config = parseConfig({ chat: { admins: ['telegram:1'], viewers: ['telegram:2'] } }, {});
      const [one, other] = stores.map((store) => new CommandRouter({
        commands: ALL_COMMANDS, services: { fleet: { miners: () => [] }, store, config, clock }, clock, log: silentLogger(), access: () => config.chat,
      }));
      const id = one?.signButtons({ blocks: [], buttons: [[{ label: 'w', id: 'c:whoami' }]] }).buttons[0]?.[0]?.id ?? '';
      expect((await one?.pressButton(viewer, id))?.reply).not.toBeNull();
      expect((await other?.pressButton(viewer, id))?.notice).toContain('not made by axepilot');
    } finally {
      for (const store of stores) store.close();
    }
  });
});

describe('command buttons', () => {
  it('carry their command line in the id, so they survive a restart, and run with the presser\'s role', async () => {
    const store = openStore({ path: ':memory:' });
    try {
      const clock = new VirtualClock(0);
      const config = parseConfig({ chat: { admins: ['telegram:1'], viewers: ['telegram:2'] } }, {});
      const make = (): CommandRouter =>
        new CommandRouter({
          commands: ALL_COMMANDS, services: { fleet: { miners: () => [] }, store, config, clock }, clock, log: silentLogger(), access: () => config.chat,
        });
      const first = make();
      const prepared = await first.run(admin, 'whoami', []);
      expect(prepared).not.toBeNull();
      const signed = first.signButtons({ blocks: [], buttons: [[{ label: 'who', id: 'e:whoami' }]] }).buttons[0]?.[0]?.id ?? '';
      expect(signed).toMatch(/^e:[\w-]{11}:whoami$/);
      const afterRestart = make();
      const outcome = await afterRestart.pressButton(viewer, signed);
      expect(outcome.edit).toBe(true);
      expect(textOf(outcome.reply?.blocks)).toContain('role: viewer');
      expect((await afterRestart.pressButton(stranger, 'c:status')).notice).toContain('Not allowed');
    } finally {
      store.close();
    }
  });
});
