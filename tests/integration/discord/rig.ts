/**
 * The Discord adapter end to end, set up once for the tests that need all of it: the real discord.js client against
 * the fake gateway + REST, a real CommandRouter with every command, and simulated miners polled into a real SQLite
 * file. `start` waits until the commands are registered; `close` stops everything in reverse order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { MinerClient } from '../../../src/axeos/client.js';
import type { ModelId } from '../../../src/axeos/models.js';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { fleetViewOf } from '../../../src/chat/fleet-view.js';
import { CommandRouter } from '../../../src/chat/router.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { startFakeDiscord, type DiscordRequest, type FakeDiscord } from '../../fakes/discord-api.js';

export const ADMIN = '500000000000000001';
export const STRANGER = '500000000000000099';

export interface DiscordRig {
  fake: FakeDiscord;
  sims: SimFleet;
  store: Store;
  adapter: DiscordAdapter;
  /** The configured miners' names, in order. */
  names: string[];
  /** Every log line at or above the level asked for. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startDiscordRig(options: { models: ModelId[]; logLevel: 'warn' | 'error' }): Promise<DiscordRig> {
  const clock = new RealClock();
  const logLines: string[] = [];
  const log = createLogger({ level: options.logLevel, pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-discord-'));
  const fake = await startFakeDiscord();
  const sims = await startSimFleet({ models: options.models, clock });
  const config = parseConfig(
    {
      database: join(dir, 'axepilot.db'), pollIntervalSeconds: 2, demo: false, timezone: 'UTC',
      miners: sims.miners.map((sim) => ({ name: sim.name, host: sim.url })),
      chat: { admins: [`discord:${ADMIN}`], discord: { token: fake.token } },
    },
    {},
  );
  const store = openStore({ path: config.database, log, pollIntervalMs: 2_000 });
  const transports = sims.miners.map((sim) => new HttpTransport({ baseUrl: sim.url }));
  const collector = new FleetCollector({
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
  const adapter = new DiscordAdapter({ token: fake.token, router, clock, log, restApi: fake.api });
  await adapter.start();
  await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
  return {
    fake, sims, store, adapter, logLines, names: sims.miners.map((sim) => sim.name),
    close: async () => {
      await adapter.stop();
      await collector.stop();
      await Promise.all(transports.map((t) => t.close()));
      await sims.close();
      store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The requests of one interaction (its callback, its answer, its follow-ups). */
export const forToken = (token: string) => (r: DiscordRequest): boolean => r.path.includes(`/${token}`);

/** What a reader sees: the content and every embed's title and description. */
export function shownOf(r: DiscordRequest): string {
  const json = r.json as { content?: string; embeds?: Array<{ title?: string; description?: string }> } | null;
  return [json?.content ?? '', ...(json?.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
}
