/**
 * The whole service (startService) watching simulated miners on 127.0.0.1 with its HTTP endpoint on a free loopback
 * port, and optionally MQTT to a broker the test runs: for end-to-end tests of /metrics, /healthz and Home Assistant.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelId } from '../../../src/axeos/models.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { JumpClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';

export interface IntegrationRig {
  dir: string;
  clock: JumpClock;
  sims: SimFleet;
  config: Config;
  logLines: string[];
  service: RunningService;
  /** `http://127.0.0.1:<port>` of the running service's endpoint. */
  url(): string;
  get(path: string, token?: string): Promise<{ status: number; body: string; contentType: string | null }>;
  /** Stops the service and starts it again on the same database, optionally with a changed config. */
  restart(change?: (config: Config) => void): Promise<void>;
  close(): Promise<void>;
}

/** A loopback port nothing listens on: a miner there is "configured but never answers". */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startIntegrationRig(options: {
  models: ModelId[];
  /** Extra configured miners that never answer. */
  deadMiners?: number;
  config?: Record<string, unknown>;
}): Promise<IntegrationRig> {
  const dir = mkdtempSync(join(tmpdir(), 'axepilot-integrations-'));
  const clock = new JumpClock();
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  const sims = await startSimFleet({ models: options.models, clock });
  clock.jump(15 * 60_000);
  const dead: Array<{ name: string; host: string }> = [];
  for (let i = 0; i < (options.deadMiners ?? 0); i++) dead.push({ name: `dead-${i + 1}`, host: `127.0.0.1:${await closedPort()}` });
  const config = parseConfig(
    {
      database: join(dir, 'axepilot.db'),
      miners: [...sims.miners.map((m) => ({ name: m.name, host: m.url })), ...dead],
      timezone: 'UTC',
      http: { enabled: true, listen: '127.0.0.1:0' },
      ...options.config,
    },
    {},
  );
  // Below what the schema lets an owner set, so a test takes seconds rather than minutes.
  config.pollIntervalSeconds = 0.5;
  const start = async (): Promise<RunningService> => {
    const service = await startService({ config, log, clock, cwd: dir });
    const configured = new Set(config.miners.map((m) => m.name));
    await whenPolled(service, sims.miners.map((m) => m.name).filter((name) => configured.has(name)));
    return service;
  };
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const rig: IntegrationRig = {
    dir, clock, sims, config, logLines, service,
    url: () => rig.service.integrations.http?.url ?? '',
    get: async (path, token) => {
      const response = await fetch(`${rig.url()}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
      return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
    },
    restart: async (change) => {
      await rig.service.stop();
      change?.(config);
      rig.service = await start();
    },
    close: async () => {
      await rig.service.stop();
      await sims.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Resolves once each named miner has answered a poll and has its database id. */
export function whenPolled(service: RunningService, names: readonly string[], timeoutMs = 10_000): Promise<void> {
  const ready = (): boolean =>
    names.every((name) => {
      const loop = service.collector.find(name);
      return loop !== undefined && loop.latestTelemetry !== null && loop.miner.minerId !== null;
    });
  if (ready()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not every miner answered within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = service.collector.bus.on('sample', () => {
      if (!ready()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** The next event of `kind` on the fleet bus matching `match`. */
export function nextFleetEvent<K extends 'online' | 'offline' | 'sample' | 'pollFailed'>(
  service: RunningService, kind: K, match: (name: string) => boolean, timeoutMs = 10_000,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${kind} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = service.collector.bus.on(kind, (payload) => {
      if (!match((payload as { miner: { name: string } }).miner.name)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
