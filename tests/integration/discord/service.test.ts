/**
 * The whole service with Discord on: the real discord.js client started by `startService` against the fake gateway +
 * REST, simulated miners over HTTP, a real SQLite file. An admin's slash command is answered, and an alert reaches a
 * Discord channel through the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { CHANNEL_ID, GUILD_ID, startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.js';

const ADMIN = '500000000000000001';

describe('the service with Discord on', () => {
  let fake: FakeDiscord | null = null;
  let sims: SimFleet | null = null;
  let service: RunningService | null = null;
  let dir = '';
  afterEach(async () => {
    await service?.stop();
    await sims?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a slash command and delivers an alert to the Discord channel through the outbox', async () => {
    dir = mkdtempSync(join(tmpdir(), 'axepilot-discord-service-'));
    fake = await startFakeDiscord();
    sims = await startSimFleet({ models: ['gamma', 'supra'], clock: new RealClock() });
    const config = parseConfig(
      {
        database: join(dir, 'axepilot.db'), pollIntervalSeconds: 2, demo: false, timezone: 'UTC',
        miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
        chat: { admins: [`discord:${ADMIN}`], discord: { token: fake.token, alertChannelId: CHANNEL_ID, guildId: GUILD_ID } },
      },
      {},
    );
    service = await startService({ config, log: silentLogger(), discordRestApi: fake.api });
    const running = service;
    await running.collector.whenAllPolled();
    // chat.discord.guildId: the commands go to that server, where they show at once.
    await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${GUILD_ID}/commands`));

    fake.sendCommand({ userId: ADMIN, name: 'status' });
    const answer = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes('/messages/'));
    const answered = JSON.stringify(answer.json ?? '');
    for (const sim of sims.miners) expect(answered).toContain(sim.name);

    // /alerttest goes the whole alert path: engine → outbox row → dispatcher → Discord sender → the channel.
    fake.sendCommand({ userId: ADMIN, name: 'alerttest' });
    const alert = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path.endsWith(`/channels/${CHANNEL_ID}/messages`) && JSON.stringify(r.json ?? '').includes('Test alert'),
      15_000,
    );
    expect(alert.authorization).toBe(`Bot ${fake.token}`);
    const outbox = (): unknown[] => running.store.db.prepare('SELECT platform, chat_id, state FROM outbox').all();
    for (let i = 0; i < 100 && JSON.stringify(outbox()).includes('pending'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outbox()).toEqual([{ platform: 'discord', chat_id: CHANNEL_ID, state: 'sent' }]);
  }, 30_000);
});
