/**
 * Discord's typed slash commands end to end: the real discord.js client against the fake gateway + REST, a real
 * CommandRouter with every command, simulated miners polled into a real SQLite file. What Discord registers, what it
 * suggests while someone types a miner's name, how typed options run, and what an upload Discord refuses turns into.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { MinerClient } from '../../../src/axeos/client.js';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { slashCommandsFrom } from '../../../src/chat/discord/slash-commands.js';
import { fleetViewOf } from '../../../src/chat/fleet-view.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { startFakeDiscord, type DiscordRequest, type FakeDiscord } from '../../fakes/discord-api.js';

const ADMIN = '500000000000000001';
const STRANGER = '500000000000000099';

let fake: FakeDiscord;
let sims: SimFleet;
let store: Store;
let collector: FleetCollector;
let adapter: DiscordAdapter | undefined;
let transports: HttpTransport[] = [];
let dir: string;
let names: string[] = [];

beforeAll(async () => {
  const clock = new RealClock();
  const log = createLogger({ level: 'error', pretty: false, destination: { write: () => undefined } });
  dir = mkdtempSync(join(tmpdir(), 'axepilot-discord-typed-'));
  fake = await startFakeDiscord();
  sims = await startSimFleet({ models: ['gamma', 'supra'], clock });
  names = sims.miners.map((sim) => sim.name);
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
    commands: ALL_COMMANDS, services: { fleet: fleetViewOf(collector), store, config, clock, filesDir: join(dir, 'files') }, clock, log,
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
const callbackOf = (token: string): Promise<DiscordRequest> => fake.waitForRequest((r) => forToken(token)(r) && r.path.includes('/callback'));
const answerOf = (token: string): Promise<DiscordRequest> => fake.waitForRequest((r) => r.method === 'PATCH' && forToken(token)(r), 10_000);
const shownOf = (r: DiscordRequest): string => {
  const json = r.json as { content?: string; embeds?: Array<{ title?: string; description?: string }> } | null;
  return [json?.content ?? '', ...(json?.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
};
const choicesOf = (r: DiscordRequest): Array<{ name: string; value: string }> =>
  (r.json as { data?: { choices?: Array<{ name: string; value: string }> } }).data?.choices ?? [];

describe('Discord slash commands, typed', () => {
  it('registers exactly what the argument descriptions say, for every command', () => {
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put?.json).toEqual(JSON.parse(JSON.stringify(slashCommandsFrom(ALL_COMMANDS).commands)));
    const set = (put?.json as Array<{ name: string; default_member_permissions: string | null; contexts: number[] }>).find((c) => c.name === 'set');
    expect(set).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });

  it('suggests the configured miner names while someone types one, in a subcommand too', async () => {
    const all = fake.sendAutocomplete({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: '', focused: true }] });
    const allAnswer = await callbackOf(all.interactionToken);
    expect(allAnswer.json).toMatchObject({ type: 8 });
    expect(choicesOf(allAnswer).map((c) => c.value)).toEqual([...names, 'all']);
    const second = names[1] ?? '';
    const typed = fake.sendAutocomplete({
      userId: ADMIN, name: 'bench', options: [{ name: 'start', type: 1, options: [{ name: 'miner', type: 3, value: 'SUPR', focused: true }] }],
    });
    expect(choicesOf(await callbackOf(typed.interactionToken)).map((c) => c.value)).toEqual([second]);
  });

  it('suggests nothing to a stranger', async () => {
    const { interactionToken } = fake.sendAutocomplete({ userId: STRANGER, name: 'status', options: [{ name: 'miner', type: 3, value: '', focused: true }] });
    expect(choicesOf(await callbackOf(interactionToken))).toEqual([]);
  });

  it('runs typed options as the words an owner would type', async () => {
    const first = names[0] ?? '';
    const { interactionToken } = fake.sendCommand({
      userId: ADMIN, name: 'events', options: [{ name: 'miner', type: 3, value: first }, { name: 'count', type: 4, value: 5 }],
    });
    expect(shownOf(await answerOf(interactionToken))).toContain(`Events of ${first}`);
    const card = fake.sendCommand({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: first }] });
    const answer = await answerOf(card.interactionToken);
    const embed = (answer.json as { embeds?: Array<{ title?: string; color?: number }> }).embeds?.[0];
    expect(embed?.title).toBe(first);
  });

  it('answers a usage error to the asker alone', async () => {
    const { interactionToken } = fake.sendCommand({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: 'nosuchminer' }] });
    expect((await callbackOf(interactionToken)).json).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownOf(await answerOf(interactionToken))).toContain('no miner called "nosuchminer"');
  });

  it('answers an export Discord refuses for its size (413) with why, the size, and what to ask for instead', async () => {
    const first = names[0] ?? '';
    fake.setUploadLimit(100);
    try {
      const { interactionToken } = fake.sendCommand({
        userId: ADMIN, name: 'export', options: [{ name: 'miner', type: 3, value: first }, { name: 'range', type: 3, value: '1h' }],
      });
      const said = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r) && shownOf(r).includes('Discord refused'), 10_000);
      expect(shownOf(said)).toMatch(new RegExp(`Discord refused axepilot-${first}-1h\\.csv: it is [\\d.]+ MB: over the 10 MiB`));
      expect(shownOf(said)).toContain('gz');
      expect((said.json as { attachments?: unknown[] }).attachments).toEqual([]);
    } finally {
      fake.setUploadLimit(null);
    }
  });
});
