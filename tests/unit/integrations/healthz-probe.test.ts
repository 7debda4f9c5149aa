import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeHealthz } from '../../../src/cli/healthz-probe.js';
import { parseConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/core/logger.js';
import type { HealthReport } from '../../../src/integrations/http/health.js';
import { HttpEndpoint } from '../../../src/integrations/http/server.js';
import { AxepilotMetrics } from '../../../src/integrations/prometheus/metrics.js';
import { PollStats } from '../../../src/integrations/prometheus/poll-stats.js';
import { WatchedMiners } from '../../../src/integrations/watched-miners.js';

describe('axepilot health with the HTTP endpoint on', () => {
  let endpoint: HttpEndpoint | null = null;
  afterEach(async () => {
    await endpoint?.stop();
    vi.restoreAllMocks();
  });

  it('exits 0 on 200 from /healthz, 1 on 503 or no answer; sends the token; falls back when http is off', async () => {
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    let healthy = true;
    const miners = new WatchedMiners({ loops: () => [], energyJoules: () => null });
    endpoint = new HttpEndpoint({
      listen: '127.0.0.1:0', token: 'tok', miners, log: createLogger({ level: 'silent' }),
      metrics: new AxepilotMetrics({ miners, polls: new PollStats() }),
      health: { report: () => ({ healthy } as HealthReport) },
    });
    await endpoint.start();
    const port = new URL(endpoint.url ?? '').port;
    const config = parseConfig({ http: { enabled: true, listen: `0.0.0.0:${port}`, token: 'tok' } }, {});
    expect(await probeHealthz(config)).toBe(0);
    healthy = false;
    expect(await probeHealthz(config)).toBe(1);
    healthy = true;
    expect(await probeHealthz({ ...config, http: { ...config.http, token: 'wrong' } })).toBe(1);
    await endpoint.stop();
    expect(await probeHealthz(config)).toBe(1);
    expect(await probeHealthz(parseConfig({}, {}))).toBeNull();
  });
});
