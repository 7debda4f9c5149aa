/**
 * The Discord adapter end to end: the real discord.js client against the fake gateway + REST, a real CommandRouter
 * with every command, and three simulated miners polled into a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { ChatUnreachableError, PlatformUnavailableError } from '../../../src/messaging/errors.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { MinerClient } from '../../../src/axeos/client.js';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { DiscordPlatform } from '../../../src/chat/discord/platform.js';
import { fleetViewOf } from '../../../src/chat/fleet-view.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { CHANNEL_ID, startFakeDiscord, type DiscordRequest, type FakeDiscord } from '../../fakes/discord-api.js';

const ADMIN = '500000000000000001';
const STRANGER = '500000000000000099';

let fake: FakeDiscord;
let sims: SimFleet;
let store: Store;
let collector: FleetCollector;
let adapter: DiscordAdapter | undefined;
let transports: HttpTransport[] = [];
let dir: string;
const logLines: string[] = [];

beforeAll(async () => {
  const clock = new RealClock();
  const log = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  dir = mkdtempSync(join(tmpdir(), 'axepilot-discord-'));
  fake = await startFakeDiscord();
  sims = await startSimFleet({ models: ['gamma', 'supra', 'ultra'], clock });
  const config = parseConfig(
    {
      database: join(dir, 'axepilot.db'), pollIntervalSeconds: 2, demo: false, timezone: 'UTC',
      miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
      chat: { admins: [`discord:${ADMIN}`], discord: { token: fake.token } },
    },
    {},
  );
  store = openStore({ path: config.database, log, pollIntervalMs: 2_000 });
  transports = sims.miners.map((sim) => new HttpTransport({ baseUrl: sim.url }));
  collector = new FleetCollector({
    miners: sims.miners.map((sim, i) => ({
      name: sim.name, host: sim.url, client: new MinerClient({ name: sim.name, transport: transports[i] as HttpTransport, clock }),
    })),
    store, clock, log, pollIntervalMs: 2_000,
  });
  await collector.start();
  await collector.whenAllPolled();
  const router = new CommandRouter({
    commands: ALL_COMMANDS, services: { fleet: fleetViewOf(collector), store, config, clock }, clock, log,
    access: () => ({ admins: config.chat.admins, viewers: config.chat.viewers }),
  });
  adapter = new DiscordAdapter({ token: fake.token, router, clock, log, restApi: fake.api });
  await adapter.start();
  await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
}, 20_000);

afterAll(async () => {
  await adapter?.stop();
  await collector?.stop();
  await Promise.all(transports.map((t) => t.close()));
  await sims?.close();
  store?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const forToken = (token: string) => (r: DiscordRequest) => r.path.includes(`/${token}`);
const contentOf = (r: DiscordRequest): string => String((r.json as { content?: string } | null)?.content ?? '');
/** What a reader sees: the content and every embed's title and description. */
const shownOf = (r: DiscordRequest): string => {
  const embeds = (r.json as { embeds?: Array<{ title?: string; description?: string }> } | null)?.embeds ?? [];
  return [contentOf(r), ...embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
};
const customIds = (r: DiscordRequest): string[] =>
  ((r.json as { components?: Array<{ components: Array<{ custom_id: string }> }> } | null)?.components ?? [])
    .flatMap((row) => row.components.map((b) => b.custom_id));

describe('DiscordAdapter', () => {
  it('registers every command globally with typed options, none of them a free-text "args" box', () => {
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put?.path).toMatch(/^\/applications\/\d+\/commands$/);
    const commands = put?.json as Array<{ name: string; options: Array<{ name: string; type: number; options?: Array<{ name: string }> }> }>;
    // Every command but /start, which is Telegram's (its START button sends it); /help answers the same here.
    expect(commands.map((c) => c.name)).toEqual(ALL_COMMANDS.map((c) => c.name).filter((name) => name !== 'start'));
    const names = commands.flatMap((c) => c.options.flatMap((o) => [o.name, ...(o.options ?? []).map((s) => s.name)]));
    expect(names).not.toContain('args');
  });

  it("answers an admin's /status by deferring, then editing the reply with every miner's name", async () => {
    const { interactionToken } = fake.sendCommand({ userId: ADMIN, name: 'status' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r));
    const mine = fake.requests.filter(forToken(interactionToken));
    expect(mine[0]?.path).toContain('/callback');
    expect(mine[0]?.json).toMatchObject({ type: 5 });
    expect((mine[0]?.json as { data?: { flags?: number } }).data?.flags ?? 0).toBe(0);
    expect(mine[0]?.authorization).toBeUndefined();
    expect(edit.path).toMatch(/messages\/%40original$/);
    for (const sim of sims.miners) expect(shownOf(edit)).toContain(sim.name);
  });

  it('sends /chart as a PNG attachment with buttons, and a button press edits the message in place', async () => {
    const { interactionToken } = fake.sendCommand({
      userId: ADMIN, name: 'chart',
      options: [{ name: 'miner', type: 3, value: 'fleet' }, { name: 'metric', type: 3, value: 'hashrate' }, { name: 'range', type: 3, value: '1h' }],
    });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r), 10_000);
    expect(edit.contentType).toMatch(/^multipart\/form-data/);
    const png = edit.files[0];
    expect(png?.name).toMatch(/\.png$/);
    expect(png?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const ids = customIds(edit);
    expect(ids.length).toBeGreaterThan(0);
    const press = fake.pressButton({ userId: ADMIN, customId: ids[0] ?? '' });
    const replaced = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(press.interactionToken)(r), 10_000);
    const callback = fake.requests.find((r) => forToken(press.interactionToken)(r) && r.path.includes('/callback'));
    expect(callback?.json).toEqual({ type: 6 });
    expect(replaced.files[0]?.name).toMatch(/\.png$/);
    // Only the new chart: the old one is dropped rather than kept beside it.
    expect((replaced.json as { attachments?: unknown[] }).attachments).toEqual([expect.objectContaining({ id: '0' })]);
  });

  it("refuses a stranger's /status privately, without miner data", async () => {
    const { interactionToken } = fake.sendCommand({ userId: STRANGER, name: 'status' });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r));
    const callback = fake.requests.find((r) => forToken(interactionToken)(r) && r.path.includes('/callback'));
    expect(callback?.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownOf(edit)).toContain(`discord:${STRANGER}`);
    for (const sim of sims.miners) expect(shownOf(edit)).not.toContain(sim.name);
  });

  it("tells a stranger pressing a button that they are not allowed, as an ephemeral follow-up", async () => {
    const { interactionToken } = fake.pressButton({ userId: STRANGER, customId: 'c:status' });
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interactionToken}`));
    expect(contentOf(followUp)).toContain('Not allowed');
    expect((followUp.json as { flags?: number }).flags).toBe(64);
  });

  it('shows a benchmark\'s progress as one message edited in place', async () => {
    if (!adapter) throw new Error('the adapter did not start');
    const discord = new DiscordPlatform(adapter);
    const handle = await discord.post({ platform: 'discord', chatId: CHANNEL_ID }, 'Benchmark of gamma: point 1 of 8');
    const posted = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` && contentOf(r).includes('point 1'));
    if (!handle) throw new Error('Discord returned no message to edit');
    await discord.edit(handle, 'Benchmark of gamma: point 2 of 8, best 15.7 J/TH');
    const edited = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${CHANNEL_ID}/messages/`));
    expect(contentOf(edited)).toContain('point 2 of 8');
    expect(posted.path).toBe(`/channels/${CHANNEL_ID}/messages`);
  });

  it('posts alerts to /channels/{id}/messages, silently when asked, and reports an unreachable channel', async () => {
    if (!adapter) throw new Error('the adapter did not start');
    const sender = new DiscordPlatform(adapter);
    await sender.send({ platform: 'discord', chatId: CHANNEL_ID }, { blocks: [{ kind: 'text', text: 'gamma is *hot*', style: 'plain' }], buttons: [] }, { silent: true });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` && shownOf(r).includes('hot'));
    expect(post.authorization).toBe(`Bot ${fake.token}`);
    expect(shownOf(post)).toContain('gamma is \\*hot\\*');
    expect((post.json as { flags?: number }).flags).toBe(4096);
    fake.failChannel(CHANNEL_ID, 403);
    await expect(sender.send({ platform: 'discord', chatId: CHANNEL_ID }, { blocks: [{ kind: 'text', text: 'x', style: 'plain' }], buttons: [] }, { silent: false }))
      .rejects.toBeInstanceOf(ChatUnreachableError);
  });

  it('logged no failures along the way', () => {
    expect(logLines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});

describe('DiscordAdapter without a token', () => {
  it('stays off, says so once, and tells the alert sender Discord is unavailable', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    const clock = new RealClock();
    const router = new CommandRouter({ commands: ALL_COMMANDS, services: {} as never, clock, log, access: () => ({ admins: [], viewers: [] }) });
    const off = new DiscordAdapter({ token: null, router, clock, log });
    await off.start();
    await off.start();
    expect(off.enabled).toBe(false);
    expect(lines.filter((l) => l.includes('Discord is off'))).toHaveLength(1);
    await expect(new DiscordPlatform(off).send({ platform: 'discord', chatId: CHANNEL_ID }, { blocks: [], buttons: [] }, { silent: false }))
      .rejects.toBeInstanceOf(PlatformUnavailableError);
    await off.stop();
  });
});
