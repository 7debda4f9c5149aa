/**
 * `axepilot bench` must not exit 0 while its restore is still pending (issue 9): a miner that reports a written
 * setting a moment late is retried until it reports the original settings, and one that never does makes the
 * command exit non-zero, saying what the miner is left at and that the next `axepilot start` finishes it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import type { MinerTransport, TransportRequest, TransportResponse } from '../../../src/axeos/transport.js';
import { driveVirtualClock } from '../../../src/bench/sim-run.js';
import { finishPendingRestore } from '../../../src/cli/bench-restore.js';
import { exitCode } from '../../../src/cli/bench.js';
import { RestorePendingError, SettingsGuard } from '../../../src/control/guard.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { SimTransport, SimulatedMiner } from '../../../src/sim/index.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { makeTempDir } from '../store/helpers.js';

/**
 * Firmware that reports frequency and core voltage as they were `lagMs` ago, or (`stuckAfterWrites`) answers 200 to
 * later writes without taking them: the edges nothing else can reach.
 */
class LaggingTransport implements MinerTransport {
  private readonly history: Array<{ at: number; frequency?: number; coreVoltage?: number }> = [];
  private writes = 0;

  constructor(
    private readonly inner: MinerTransport, private readonly clock: VirtualClock, private readonly lagMs: number,
    private readonly stuckAfterWrites = Number.POSITIVE_INFINITY,
  ) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (request.method === 'PATCH' && ++this.writes > this.stuckAfterWrites) return { status: 200, contentType: null, text: '' };
    const response = await this.inner.request(request);
    if (request.method === 'PATCH' && request.body) {
      const body = JSON.parse(request.body) as { frequency?: number; coreVoltage?: number };
      this.history.push({ at: this.clock.now(), ...body });
    }
    if (request.method !== 'GET' || !request.path.startsWith('/api/system/info')) return response;
    const shown = this.history.filter((h) => h.at > this.clock.now() - this.lagMs);
    const stale = this.history.filter((h) => h.at <= this.clock.now() - this.lagMs);
    if (shown.length === 0) return response;
    // What the firmware still reports: the last write older than the lag, else what it ran before any write.
    const info = JSON.parse(response.text) as Record<string, unknown>;
    const old = stale.at(-1) ?? this.first;
    if (old) {
      if (old.frequency !== undefined) info.frequency = old.frequency;
      if (old.coreVoltage !== undefined) info.coreVoltage = old.coreVoltage;
    }
    return { ...response, text: JSON.stringify(info) };
  }

  first: { frequency?: number; coreVoltage?: number } | null = null;

  close(): Promise<void> {
    return this.inner.close();
  }
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

async function benchLeftAtTestPoint(lagMs: number, stuckAfterWrites?: number): Promise<{ guard: SettingsGuard; client: MinerClient; clock: VirtualClock; device: SimulatedMiner; store: Store }> {
  const temp = makeTempDir();
  const store = openStore({ path: join(temp.dir, 'axepilot.db') });
  cleanup.push(() => { store.close(); temp.remove(); });
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 9));
  const device = new SimulatedMiner({ model: 'gamma', seed: 3, clock });
  const transport = new LaggingTransport(new SimTransport({ device }), clock, lagMs, stuckAfterWrites);
  transport.first = { frequency: 525, coreVoltage: 1150 };
  const client = new MinerClient({ name: 'gamma', transport, clock });
  await clock.advance(60_000);
  const asic = await client.getAsic();
  const telemetry = (await client.getInfo()).telemetry;
  const config = parseConfig({}, {});
  const guard = new SettingsGuard({ store, clock, log: silentLogger(), limits: config.limits });
  guard.addMiner({ name: 'gamma', client, minerId: () => null, asic: () => asic, telemetry: () => telemetry, host: 'http://192.168.1.20' });
  const lock = await guard.acquireLock({ miner: 'gamma', owner: { kind: 'benchmark', id: 'cli', name: 'axepilot bench' } });
  await guard.apply({ miner: 'gamma', settings: { frequencyMhz: 600, coreVoltageMv: 1200 }, actor: lock.owner, lockToken: lock.token });
  await clock.advance(10 * 60_000);
  await expect(lock.release({ restore: 'original' })).rejects.toThrow(RestorePendingError);
  cleanup.push(() => void guard.stop());
  return { guard, client, clock, device, store };
}

describe('the CLI restore at the end of a benchmark', () => {
  it('a miner that reports the original settings late is restored before the command exits 0', async () => {
    const { guard, client, clock, device } = await benchLeftAtTestPoint(20_000);
    const outcome = await driveVirtualClock(clock, finishPendingRestore({ guard, miner: 'gamma', client, clock, deadlineMs: 120_000 }));
    expect(outcome).toEqual({ restored: true, message: null });
    expect(device.state().settings).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150 });
    expect(guard.pendingRestorePoints()).toEqual([]);
    expect(exitCode({ state: 'done', finalSettings: 'original' })).toBe(0);
  });

  it('a miner that never confirms makes the command exit non-zero, saying where it is left and what finishes it', async () => {
    const { guard, client, clock } = await benchLeftAtTestPoint(0, 1);
    const started = clock.now();
    const outcome = await driveVirtualClock(clock, finishPendingRestore({ guard, miner: 'gamma', client, clock, deadlineMs: 120_000 }));
    expect(outcome.restored).toBe(false);
    expect(clock.now() - started).toBeGreaterThanOrEqual(120_000);
    expect(outcome.message).toMatch(/left at 600 MHz, 1200 mV/);
    expect(outcome.message).toMatch(/next `axepilot start`/);
    expect(guard.pendingRestorePoints().map((p) => p.miner)).toEqual(['gamma']);
    expect(exitCode({ state: 'done', finalSettings: 'restore-pending' })).not.toBe(0);
  });
});
