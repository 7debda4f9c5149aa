import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { startSimFleet } from '../../../src/sim/fleet.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('simulated fleet', () => {
  it('runs one device per port with names, distinct seeds and a firmware mix', async () => {
    const clock = new VirtualClock();
    const fleet = await startSimFleet({ models: ['gamma', 'supra', 'ultra', 'gamma'], clock });
    try {
      expect(fleet.miners.map((m) => m.name)).toEqual(['sim-gamma-1', 'sim-supra-1', 'sim-ultra-1', 'sim-gamma-2']);
      expect(new Set(fleet.miners.map((m) => m.port)).size).toBe(4);
      await clock.advance(60_000);
      const infos = await Promise.all(
        fleet.miners.map(async (m) => (await (await fetch(`${m.url}/api/system/info`)).json()) as Record<string, unknown>),
      );
      expect(infos.map((i) => i.ASICModel)).toEqual(['BM1370', 'BM1368', 'BM1366', 'BM1370']);
      expect(infos.map((i) => i.version)).toEqual(['v2.12.2', 'v2.10.1', 'v2.15.0', 'v2.12.2']);
      expect(infos.map((i) => i.hostname)).toEqual(fleet.miners.map((m) => m.name));
      expect(typeof infos[1]?.bestDiff).toBe('string');
      expect(infos[0]?.macAddr).not.toBe(infos[3]?.macAddr);
    } finally {
      await fleet.close();
    }
  });

  it('uses consecutive ports from basePort and a firmware override for the ESP-Miner boards', async () => {
    const clock = new VirtualClock();
    let fleet: Awaited<ReturnType<typeof startSimFleet>> | undefined;
    let basePort = 0;
    // Another process may take the neighbouring port between the probe and the bind; try a few bases.
    for (let attempt = 0; attempt < 5 && !fleet; attempt++) {
      basePort = await freePort();
      fleet = await startSimFleet({ models: ['gamma', 'nerdqaxe++'], basePort, clock, firmware: '2.15' }).catch(() => undefined);
    }
    if (!fleet) throw new Error('no two consecutive free ports found');
    try {
      expect(fleet.miners.map((m) => m.port)).toEqual([basePort, basePort + 1]);
      expect(fleet.miners.map((m) => m.device.profile.id)).toEqual(['2.15', 'nerdqaxe']);
      expect(fleet.miners[1]?.name).toBe('sim-nerdqaxe-1');
    } finally {
      await fleet.close();
    }
  });
});
