/**
 * The Discord adapter end to end: the real discord.js client against the fake gateway + REST, a real CommandRouter
 * with every command, and three simulated miners polled into a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { ChatUnreachableError, PlatformUnavailableError } from '../../../src/messaging/errors.js';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { DiscordPlatform } from '../../../src/chat/discord/platform.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { RealClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { CHANNEL_ID, type DiscordRequest } from '../../fakes/discord-api.js';
import { ADMIN, forToken, shownOf, startDiscordRig, STRANGER, type DiscordRig } from './rig.js';

let rig: DiscordRig;

beforeAll(async () => {
  rig = await startDiscordRig({ models: ['gamma', 'supra', 'ultra'], logLevel: 'warn' });
}, 20_000);

afterAll(async () => {
  await rig?.close();
});

const contentOf = (r: DiscordRequest): string => String((r.json as { content?: string } | null)?.content ?? '');
const customIds = (r: DiscordRequest): string[] =>
  ((r.json as { components?: Array<{ components: Array<{ custom_id: string }> }> } | null)?.components ?? [])
    .flatMap((row) => row.components.map((b) => b.custom_id));

describe('DiscordAdapter', () => {
  it('registers every command globally with typed options, none of them a free-text "args" box', () => {
    const put = rig.fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put?.path).toMatch(/^\/applications\/\d+\/commands$/);
    const commands = put?.json as Array<{ name: string; options: Array<{ name: string; type: number; options?: Array<{ name: string }> }> }>;
    // Every command but /start, which is Telegram's (its START button sends it); /help answers the same here.
    expect(commands.map((c) => c.name)).toEqual(ALL_COMMANDS.map((c) => c.name).filter((name) => name !== 'start'));
    const names = commands.flatMap((c) => c.options.flatMap((o) => [o.name, ...(o.options ?? []).map((s) => s.name)]));
    expect(names).not.toContain('args');
  });

  it("answers an admin's /status by deferring, then editing the reply with every miner's name", async () => {
    const { interactionToken } = rig.fake.sendCommand({ userId: ADMIN, name: 'status' });
    const edit = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r));
    const mine = rig.fake.requests.filter(forToken(interactionToken));
    expect(mine[0]?.path).toContain('/callback');
    expect(mine[0]?.json).toMatchObject({ type: 5 });
    expect((mine[0]?.json as { data?: { flags?: number } }).data?.flags ?? 0).toBe(0);
    expect(mine[0]?.authorization).toBeUndefined();
    expect(edit.path).toMatch(/messages\/%40original$/);
    for (const sim of rig.sims.miners) expect(shownOf(edit)).toContain(sim.name);
  });

  it('sends /chart as a PNG attachment with buttons, and a button press edits the message in place', async () => {
    const { interactionToken } = rig.fake.sendCommand({
      userId: ADMIN, name: 'chart',
      options: [{ name: 'miner', type: 3, value: 'fleet' }, { name: 'metric', type: 3, value: 'hashrate' }, { name: 'range', type: 3, value: '1h' }],
    });
    const edit = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r), 10_000);
    expect(edit.contentType).toMatch(/^multipart\/form-data/);
    const png = edit.files[0];
    expect(png?.name).toMatch(/\.png$/);
    expect(png?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const ids = customIds(edit);
    expect(ids.length).toBeGreaterThan(0);
    const press = rig.fake.pressButton({ userId: ADMIN, customId: ids[0] ?? '' });
    const replaced = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(press.interactionToken)(r), 10_000);
    const callback = rig.fake.requests.find((r) => forToken(press.interactionToken)(r) && r.path.includes('/callback'));
    expect(callback?.json).toEqual({ type: 6 });
    expect(replaced.files[0]?.name).toMatch(/\.png$/);
    // Only the new chart: the old one is dropped rather than kept beside it.
    expect((replaced.json as { attachments?: unknown[] }).attachments).toEqual([expect.objectContaining({ id: '0' })]);
  });

  it("refuses a stranger's /status privately, without miner data", async () => {
    const { interactionToken } = rig.fake.sendCommand({ userId: STRANGER, name: 'status' });
    const edit = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r));
    const callback = rig.fake.requests.find((r) => forToken(interactionToken)(r) && r.path.includes('/callback'));
    expect(callback?.json).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownOf(edit)).toContain(`discord:${STRANGER}`);
    for (const sim of rig.sims.miners) expect(shownOf(edit)).not.toContain(sim.name);
  });

  it("tells a stranger pressing a button that they are not allowed, as an ephemeral follow-up", async () => {
    const { interactionToken } = rig.fake.pressButton({ userId: STRANGER, customId: 'c:status' });
    const followUp = await rig.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interactionToken}`));
    expect(contentOf(followUp)).toContain('Not allowed');
    expect((followUp.json as { flags?: number }).flags).toBe(64);
  });

  it('shows a benchmark\'s progress as one message edited in place', async () => {
    const discord = new DiscordPlatform(rig.adapter);
    const handle = await discord.post({ platform: 'discord', chatId: CHANNEL_ID }, 'Benchmark of gamma: point 1 of 8');
    const posted = await rig.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` && contentOf(r).includes('point 1'));
    if (!handle) throw new Error('Discord returned no message to edit');
    await discord.edit(handle, 'Benchmark of gamma: point 2 of 8, best 15.7 J/TH');
    const edited = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${CHANNEL_ID}/messages/`));
    expect(contentOf(edited)).toContain('point 2 of 8');
    expect(posted.path).toBe(`/channels/${CHANNEL_ID}/messages`);
  });

  it('posts alerts to /channels/{id}/messages, silently when asked, and reports an unreachable channel', async () => {
    const sender = new DiscordPlatform(rig.adapter);
    await sender.send({ platform: 'discord', chatId: CHANNEL_ID }, { blocks: [{ kind: 'text', text: 'gamma is *hot*', style: 'plain' }], buttons: [] }, { silent: true });
    const post = await rig.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` && shownOf(r).includes('hot'));
    expect(post.authorization).toBe(`Bot ${rig.fake.token}`);
    expect(shownOf(post)).toContain('gamma is \\*hot\\*');
    expect((post.json as { flags?: number }).flags).toBe(4096);
    rig.fake.failChannel(CHANNEL_ID, 403);
    await expect(sender.send({ platform: 'discord', chatId: CHANNEL_ID }, { blocks: [{ kind: 'text', text: 'x', style: 'plain' }], buttons: [] }, { silent: false }))
      .rejects.toBeInstanceOf(ChatUnreachableError);
  });

  it('logged no failures along the way', () => {
    expect(rig.logLines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
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
