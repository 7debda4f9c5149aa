import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import type { HealthReport } from '../../../src/integrations/http/health.js';
import { HttpEndpoint } from '../../../src/integrations/http/server.js';
import { AxepilotMetrics } from '../../../src/integrations/prometheus/metrics.js';
import { PollStats } from '../../../src/integrations/prometheus/poll-stats.js';
import { WatchedMiners } from '../../../src/integrations/watched-miners.js';
import { closedPort, startIntegrationRig, type IntegrationRig } from './rig.js';

describe('integrations when what they talk to is not there', () => {
  let rig: IntegrationRig | null = null;
  const endpoints: HttpEndpoint[] = [];
  afterEach(async () => {
    for (const e of endpoints.splice(0)) await e.stop();
    await rig?.close();
    rig = null;
  });

  it('a broker that is down: the service runs, /healthz says MQTT is not connected but stays healthy, and it stops cleanly', async () => {
    const port = await closedPort();
    rig = await startIntegrationRig({ models: ['gamma'], config: { mqtt: { enabled: true, url: `mqtt://127.0.0.1:${port}` } } });
    const response = await rig.get('/healthz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ healthy: true, mqtt: { enabled: true, ok: false, detail: 'not connected to the broker' } });
    await rig.service.stop();
    expect(rig.logLines.join('\n')).toContain('MQTT connection problem; retrying');
  });

  it('a port already taken: the endpoint says which setting to change, and the rest carries on', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    const miners = new WatchedMiners({ loops: () => [], energyJoules: () => null });
    const make = (listen: string): HttpEndpoint => {
      const endpoint = new HttpEndpoint({
        listen, token: null, miners, log, metrics: new AxepilotMetrics({ miners, polls: new PollStats() }),
        health: { report: () => ({ healthy: true }) as HealthReport },
      });
      endpoints.push(endpoint);
      return endpoint;
    };
    const first = make('127.0.0.1:0');
    await first.start();
    const second = make(`127.0.0.1:${new URL(first.url ?? '').port}`);
    await second.start();
    expect(second.url).toBeNull();
    expect(lines.join('\n')).toContain('set http.listen to a free host:port');
    expect((await fetch(`${first.url ?? ''}/healthz`)).status).toBe(200);
  });
});
