import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { RealClock } from '../../../src/core/clock.js';
import { MinerApiError, MinerUnreachableError } from '../../../src/core/errors.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';

/** The client's error classes against the simulator's faults over real HTTP on 127.0.0.1. */
describe('MinerClient against simulated faults', () => {
  let fleet: SimFleet | null = null;
  let transport: HttpTransport | null = null;
  afterEach(async () => {
    await transport?.close();
    await fleet?.close();
  });

  async function setup(): Promise<{ client: MinerClient; fault: (body: unknown) => Promise<void> }> {
    fleet = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
    const url = fleet.miners[0]?.url ?? '';
    transport = new HttpTransport({ baseUrl: url, requestTimeoutMs: 300, connectTimeoutMs: 300 });
    const client = new MinerClient({ name: 'gamma', transport });
    const fault = async (body: unknown): Promise<void> => {
      const answer = await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });
      expect(answer.ok).toBe(true);
    };
    return { client, fault };
  }

  it('sorts every fault into unreachable or API errors, naming the miner and the endpoint, and recovers', async () => {
    const { client, fault } = await setup();
    expect((await client.getInfo()).telemetry.model).toBe('gamma');

    const cases: Array<[unknown, typeof MinerApiError | typeof MinerUnreachableError, RegExp]> = [
      [{ fault: 'http500' }, MinerApiError, /HTTP 500/],
      [{ fault: 'garbage' }, MinerApiError, /not JSON|broken JSON/],
      [{ fault: 'offline' }, MinerUnreachableError, /unreachable/],
      [{ fault: 'slow', delayMs: 2000 }, MinerUnreachableError, /timed out|timeout/],
    ];
    for (const [body, kind, message] of cases) {
      await fault(body);
      const error = await client.getInfo().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(body)).toBeInstanceOf(kind);
      expect((error as MinerApiError).miner).toBe('gamma');
      expect((error as MinerApiError).endpoint).toBe('/api/system/info');
      expect((error as Error).message).toMatch(message);
      await fault({ clear: true });
      expect((await client.getInfo()).telemetry.hashrateGhs).not.toBeUndefined();
    }
  }, 20_000);

  it('reads a flatline as a hashrate of zero from a miner that answers', async () => {
    const { client, fault } = await setup();
    await fault({ fault: 'flatline' });
    const { telemetry } = await client.getInfo();
    expect(telemetry.hashrateGhs).toBe(0);
    expect(telemetry.uptimeS).not.toBeNull();
  });
});
