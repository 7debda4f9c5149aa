/**
 * A benchmark started from the console shows its progress and its result there, as Telegram and Discord show it in
 * an edited message: one line per update (a terminal cannot edit above the prompt), the last one saying it is done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { BenchService } from '../../../src/bench/service.js';
import { driveVirtualClock } from '../../../src/bench/sim-run.js';
import { ConsoleAdapter } from '../../../src/chat/console/adapter.js';
import { ConsolePlatform } from '../../../src/chat/console/platform.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { silentLogger } from '../../../src/core/logger.js';
import { benchWorld, type BenchWorld } from './harness.js';

let world: BenchWorld;
let bench: BenchService;
let console: ConsoleAdapter;
let outDir = '';
afterEach(async () => {
  await console.stop();
  await bench.stop();
  await world.guard.stop();
  world.cleanup();
  rmSync(outDir, { recursive: true, force: true });
});

describe('/bench in the console', () => {
  it('prints the progress with ETA while it runs and the result when it is done', async () => {
    world = await benchWorld({ seed: 2 });
    bench = new BenchService({ guard: world.guard, store: world.store, clock: world.clock, log: silentLogger(), config: world.config });
    await bench.start();
    const view: MinerView = {
      name: world.miner, host: 'http://sim.lan', minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
    };
    const services = { fleet: { miners: () => [view] }, store: world.store, config: world.config, clock: world.clock, guard: world.guard, bench };
    const router = new CommandRouter({ commands: ALL_COMMANDS, services, clock: world.clock, log: silentLogger(), access: () => ({ admins: [], viewers: [] }) });
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    outDir = mkdtempSync(join(tmpdir(), 'axepilot-console-bench-'));
    console = new ConsoleAdapter({ router, log: silentLogger(), input: new PassThrough(), output, outDir, now: () => world.clock.now() });
    await console.start();
    bench.useMessaging(new ChatPlatforms().register(new ConsolePlatform(console)));

    await console.handle(`/bench ${world.miner}`);
    expect(printed).toContain('[/1 Confirm] [/2 Cancel]');
    await console.handle('/1');
    expect(printed).toContain(`Benchmark of ${world.miner} started.`);
    const result = await driveVirtualClock(world.clock, bench.finished(world.miner));
    expect(result?.state).toBe('done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(printed).toMatch(/best so far:[^\n]*/);
    expect(printed).toContain('ETA');
    expect(printed).toContain('done after');
  });
});
