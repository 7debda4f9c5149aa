/**
 * CLI mistakes get one clear line of our own and an exit code that says what kind of failure it was: a wrong command
 * line (64) is not an unreachable miner (2), and a miner's failing web server (4) is not a stranger device (3).
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBackup } from '../../../src/cli/backup.js';
import { runPoll } from '../../../src/cli/poll.js';
import { runSim } from '../../../src/cli/sim.js';
import { RealClock } from '../../../src/core/clock.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';

let stderr = '';
let fleet: SimFleet | null = null;
let server: Server | null = null;

function captureStderr(): void {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
}

afterEach(async () => {
  vi.restoreAllMocks();
  await fleet?.close();
  fleet = null;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  delete process.env.AXEPILOT_DB;
});

describe('axepilot poll', () => {
  it('answers a misspelt option in one line of its own, as a usage error', async () => {
    captureStderr();
    expect(await runPoll(['127.0.0.1:1', '--jsn'])).toBe(64);
    expect(stderr).toBe('axepilot poll: unknown option --jsn (known: --json); usage: axepilot poll <host-or-url> [--json]\n');
  });

  it('tells bad host syntax (64) from an unreachable miner (2)', async () => {
    captureStderr();
    expect(await runPoll(['not a host!'])).toBe(64);
    expect(stderr).toContain('"not a host!" is not an IP address, hostname or http:// URL');
  });

  it('tells a miner whose web server fails (HTTP 500: 4) from a device that is not AxeOS (404: 3)', async () => {
    fleet = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
    fleet.miners[0]?.device.injectFault('http500');
    captureStderr();
    expect(await runPoll([fleet.miners[0]?.url ?? ''])).toBe(4);
    expect(stderr).toContain("answered HTTP 500");
    expect(stderr).toContain("the miner's web server failed");

    server = createServer((_req, res) => res.writeHead(404).end('not found'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    captureStderr();
    expect(await runPoll([`127.0.0.1:${port}`])).toBe(3);
    expect(stderr).toContain('is this an AxeOS miner?');
  });
});

describe('axepilot sim and backup', () => {
  it('says which port is in use instead of a raw EADDRINUSE', async () => {
    fleet = await startSimFleet({ models: ['gamma'], clock: new RealClock() });
    const busy = fleet.miners[0]?.port ?? 0;
    captureStderr();
    expect(await runSim(['--port', String(busy), '--models', 'gamma'])).toBe(1);
    expect(stderr).toBe(`axepilot sim: port ${busy} is in use (the simulators need ${busy}); try --port ${busy + 100}\n`);
  });

  it('says which database path it tried', async () => {
    process.env.AXEPILOT_DB = '/nonexistent-axepilot/axepilot.db';
    captureStderr();
    expect(await runBackup(['/tmp/never-written.db'])).toBe(1);
    expect(stderr).toContain('no database at /nonexistent-axepilot/axepilot.db; set AXEPILOT_DB');
  });
});
