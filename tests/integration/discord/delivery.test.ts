/**
 * How the Discord adapter delivers, with the real discord.js client against the fake gateway + REST and time on a
 * virtual clock: the first login retried after the gateway refused it, alerts as embeds coloured by severity with a
 * mention on critical ones, a Confirm coming off its message when it expires, and buttons past five rows kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { EMBED_COLOURS } from '../../../src/chat/discord/embeds.js';
import { confirmation } from '../../../src/chat/confirm.js';
import { defineCommand } from '../../../src/chat/command.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { text, type ReplyButton } from '../../../src/chat/reply.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { CHANNEL_ID, startFakeDiscord, type DiscordRequest, type FakeDiscord } from '../../fakes/discord-api.js';

const ADMIN = '500000000000000001';
const ROLE = '600000000000000006';

let fake: FakeDiscord | null = null;
let adapter: DiscordAdapter | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = null;
  fake = null;
});

interface Started {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  clock: VirtualClock;
  lines: string[];
}

const pressable = (label: string, line: string): ReplyButton => ({ label, action: { kind: 'command', line, edit: false } });

async function start(options: { refuseLogins?: boolean; criticalMention?: string; guildIds?: string[] } = {}): Promise<Started> {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 12));
  const lines: string[] = [];
  const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
  fake = await startFakeDiscord();
  if (options.refuseLogins) fake.refuseLogins(true);
  const commands = [
    defineCommand<null>({
      name: 'risky', description: 'Asks to confirm', usage: '/risky', role: 'admin', parse: () => null,
      run: (_args, { user }) => Promise.resolve(confirmation({ question: 'Restart gamma?', user, now: clock.now(), confirm: () => Promise.resolve('done') })),
    }),
    defineCommand<null>({
      name: 'many', description: 'Eight rows of buttons', usage: '/many', role: 'admin', parse: () => null,
      run: () => Promise.resolve({
        blocks: [text('eight alerts')],
        buttons: Array.from({ length: 8 }, (_, row) => [pressable(`Ack m${row}`, `ack a${row}`), pressable('Snooze 1 h', `snooze a${row} 1h`)]),
      }),
    }),
  ];
  const router = new CommandRouter({
    commands, services: {} as never, clock, log, buttonKey: Buffer.alloc(32, 7), access: () => ({ admins: [`discord:${ADMIN}`], viewers: [] }),
  });
  adapter = new DiscordAdapter({
    token: fake.token, router, clock, log, restApi: fake.api,
    ...(options.criticalMention ? { criticalMention: options.criticalMention } : {}),
    ...(options.guildIds ? { guildIds: options.guildIds } : {}),
  });
  await adapter.start();
  return { fake, adapter, clock, lines };
}

const registered = (f: FakeDiscord): Promise<DiscordRequest> => f.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
const embedOf = (r: DiscordRequest): { color?: number; description?: string; timestamp?: string } =>
  (r.json as { embeds?: Array<{ color?: number; description?: string; timestamp?: string }> }).embeds?.[0] ?? {};
const alert = (body: string) => ({ blocks: [text(body)], buttons: [] });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('Discord delivery', () => {
  it('tries the first login again after the gateway refused it, 5 s later, and then registers the commands', async () => {
    const { fake: f, clock, lines } = await start({ refuseLogins: true });
    await until(() => lines.some((l) => l.includes('Discord login failed; trying again in 5 s')));
    expect(f.requests.some((r) => r.method === 'PUT')).toBe(false);
    f.refuseLogins(false);
    await clock.advance(5_000);
    await registered(f);
    expect(lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 20_000);

  it('registers in the configured server for instant updates, and clears the global copies', async () => {
    const { fake: f } = await start({ guildIds: ['200000000000000002'] });
    const guild = await f.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/guilds/200000000000000002/commands'));
    expect((guild.json as unknown[]).length).toBe(2);
    const global = await f.waitForRequest((r) => r.method === 'PUT' && /^\/applications\/\d+\/commands$/.test(r.path));
    expect(global.json).toEqual([]);
  });

  it('posts alerts as embeds coloured by severity, with the time, and mentions the configured role on critical ones', async () => {
    const { fake: f, adapter: a, clock } = await start({ criticalMention: `role:${ROLE}` });
    await registered(f);
    const posted = async (body: string): Promise<DiscordRequest> => {
      await a.sendTo(CHANNEL_ID, alert(body));
      return f.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` && (embedOf(r).description ?? '').includes(body.slice(3)));
    };
    const critical = await posted('🔴 gamma: chip 76 °C, over 75 °C');
    expect(embedOf(critical).color).toBe(EMBED_COLOURS.critical);
    expect(embedOf(critical).description).toContain(`<t:${Math.floor(clock.now() / 1000)}:R>`);
    expect((critical.json as { content?: string }).content).toBe(`<@&${ROLE}>`);
    expect((critical.json as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    const warning = await posted('🟠 supra: VR 92 °C, over 90 °C');
    expect(embedOf(warning).color).toBe(EMBED_COLOURS.warning);
    expect((warning.json as { content?: string }).content ?? '').toBe('');
    const resolved = await posted('🟢 gamma: chip back under 72 °C after 12 min');
    expect(embedOf(resolved).color).toBe(EMBED_COLOURS.resolved);
  });

  it('styles Confirm as a destructive action and takes it off the message when it expires', async () => {
    const { fake: f, clock } = await start();
    await registered(f);
    const { interactionToken } = f.sendCommand({ userId: ADMIN, name: 'risky' });
    const asked = await f.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interactionToken));
    const buttons = (asked.json as { components: Array<{ components: Array<{ label: string; style: number }> }> }).components[0]?.components;
    expect(buttons?.map((b) => [b.label, b.style])).toEqual([['Confirm', 4], ['Cancel', 2]]);
    await clock.advance(60_000);
    const cleared = await f.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interactionToken) && r !== asked);
    expect((cleared.json as { components?: unknown[] }).components).toEqual([]);
  });

  it('keeps every button of eight rows: five rows on the answer, the rest on a follow-up', async () => {
    const { fake: f } = await start();
    await registered(f);
    const { interactionToken } = f.sendCommand({ userId: ADMIN, name: 'many' });
    const answer = await f.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interactionToken));
    const more = await f.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${interactionToken}`));
    const labels = (r: DiscordRequest): string[] =>
      (r.json as { components: Array<{ components: Array<{ label: string }> }> }).components.flatMap((row) => row.components.map((b) => b.label));
    expect(labels(answer)).toHaveLength(10);
    expect([...labels(answer), ...labels(more)].filter((l) => l.startsWith('Ack'))).toEqual(Array.from({ length: 8 }, (_, i) => `Ack m${i}`));
  });
});
