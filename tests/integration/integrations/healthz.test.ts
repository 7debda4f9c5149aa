import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../../src/integrations/http/health.js';
import { nextFleetEvent, startIntegrationRig, type IntegrationRig } from './rig.js';

describe('GET /healthz', () => {
  let rig: IntegrationRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('reports database, poller, chat, MQTT and each miner; 503 once every miner is down', async () => {
    rig = await startIntegrationRig({ models: ['gamma', 'supra'] });
    const ok = await rig.get('/healthz');
    expect(ok.status).toBe(200);
    const report = JSON.parse(ok.body) as HealthReport;
    expect(report).toMatchObject({
      healthy: true,
      database: { ok: true },
      poller: { ok: true, miners: 2, online: 2 },
      chat: { telegram: { enabled: false }, discord: { enabled: false } },
      mqtt: { ok: true, enabled: false },
    });
    expect(report.miners.map((m) => m.name).sort()).toEqual(['sim-gamma-1', 'sim-supra-1']);
    expect(Date.parse(report.miners[0]?.lastGoodPoll ?? '')).toBeGreaterThan(0);

    // One miner down is the miner's problem, not the service's.
    const takeDown = async (index: number): Promise<void> => {
      const sim = rig!.sims.miners[index]!;
      sim.device.injectFault('offline');
      // A poll already on its way may still succeed; once one has failed, the silence is counted from the last good one.
      await nextFleetEvent(rig!.service, 'pollFailed', (n) => n === sim.name);
      const down = nextFleetEvent(rig!.service, 'offline', (n) => n === sim.name, 20_000);
      let gone = false;
      void down.then(() => (gone = true), () => undefined);
      // The retry after a failed poll backs off; a jump may land before it is due, so time moves on until it is.
      for (let jump = 0; jump < 8 && !gone; jump++) {
        rig!.clock.jump(31_000);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await down;
    };
    await takeDown(0);
    // The clock's jump also wakes the sample writer, whose cycle is the poller's pulse; give it its turn.
    const settledStatus = async (): Promise<number> => {
      let status = 0;
      for (let attempt = 0; attempt < 50; attempt++) {
        status = (await rig!.get('/healthz')).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return status;
    };
    expect(await settledStatus()).toBe(200);

    await takeDown(1);
    const down = await rig.get('/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ healthy: false, database: { ok: true }, poller: { ok: false, online: 0 } });
    // A whole service, two miners taken down in real 0.5 s polls: on a loaded 2-core machine this alone took over 20 s.
  }, 60_000);

  it('503 when the database file is gone', async () => {
    rig = await startIntegrationRig({ models: ['gamma'] });
    expect((await rig.get('/healthz')).status).toBe(200);
    rmSync(rig.config.database);
    const gone = await rig.get('/healthz');
    expect(gone.status).toBe(503);
    expect(JSON.parse(gone.body)).toMatchObject({ healthy: false, database: { ok: false } });
  });
});
