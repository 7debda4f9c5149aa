import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AxepilotMetrics } from '../../../src/integrations/prometheus/metrics.js';
import { PollStats } from '../../../src/integrations/prometheus/poll-stats.js';
import { WatchedMiners } from '../../../src/integrations/watched-miners.js';
import { parseExposition } from '../../integration/integrations/prometheus-text.js';
import { sampleTelemetry } from './telemetry-fixture.js';

describe('docs/grafana/axepilot.json', () => {
  it('queries only metric names /metrics serves, and has a miner variable', async () => {
    const dashboard = readFileSync(new URL('../../../docs/grafana/axepilot.json', import.meta.url), 'utf8');
    const parsed = JSON.parse(dashboard) as { templating: { list: Array<{ name: string; query: unknown }> } };
    expect(parsed.templating.list.map((v) => v.name)).toContain('miner');

    const loop = { miner: { name: 'gamma', host: 'http://x', minerId: 1 }, latestTelemetry: sampleTelemetry(), asicInfo: null, health: { isOnline: true, lastGoodPollAt: 1 } };
    const miners = new WatchedMiners({ loops: () => [loop], energyJoules: () => 1 });
    const metrics = new AxepilotMetrics({ miners, polls: new PollStats(), firing: () => [], settingsWrites: () => [] });
    const served = new Set(parseExposition(await metrics.render()).keys());
    const used = new Set([...dashboard.matchAll(/\b(axepilot_[a-z_]*[a-z])\b/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(served.has(name), name).toBe(true);
  });
});
