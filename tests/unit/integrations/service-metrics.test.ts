import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../../../src/alerts/engine/alert-record.js';
import { ChatUnreachableError } from '../../../src/messaging/errors.js';
import type { ActivityCounters } from '../../../src/core/activity.js';
import { countedSender } from '../../../src/integrations/prometheus/counted-sender.js';
import { AxepilotMetrics } from '../../../src/integrations/prometheus/metrics.js';
import { PollStats } from '../../../src/integrations/prometheus/poll-stats.js';
import { WatchedMiners } from '../../../src/integrations/watched-miners.js';
import { parseExposition } from '../../integration/integrations/prometheus-text.js';
import { sampleTelemetry } from './telemetry-fixture.js';

describe('service metrics', () => {
  const loop = {
    miner: { name: 'gamma', host: 'http://192.168.1.20', minerId: 1 },
    latestTelemetry: sampleTelemetry(), asicInfo: null, health: { isOnline: true, lastGoodPollAt: 0 },
  };
  const miners = new WatchedMiners({ loops: () => [loop], energyJoules: () => 7200 });

  it('counts autopilot actions (through the core port), notifications by outcome and firing alerts, by miner id', async () => {
    const firing = [{ miner: 'gamma', rule: 'chipTemp', severity: 'warning' } as ActiveAlert];
    const metrics = new AxepilotMetrics({ miners, polls: new PollStats(), firing: () => firing });
    const port: ActivityCounters = metrics;
    port.autopilotAction('gamma', 'frequencyDown');
    port.autopilotAction('gamma', 'frequencyDown');
    let fail = false;
    const sender = countedSender({ send: () => (fail ? Promise.reject(new ChatUnreachableError('blocked')) : Promise.resolve()) },
      (platform, outcome) => metrics.notificationSent(platform, outcome));
    await sender.send({ platform: 'telegram', chatId: '1' }, { text: 'x' } as never, { silent: false });
    fail = true;
    await expect(sender.send({ platform: 'telegram', chatId: '1' }, { text: 'x' } as never, { silent: false })).rejects.toThrow('blocked');

    const families = parseExposition(await metrics.render());
    expect(families.get('axepilot_autopilot_actions_total')?.samples).toEqual([{ labels: { miner: 'aabbcc000001', action: 'frequencyDown' }, value: 2 }]);
    expect(families.get('axepilot_notifications_sent_total')?.samples).toEqual(expect.arrayContaining([
      { labels: { platform: 'telegram', outcome: 'sent' }, value: 1 },
      { labels: { platform: 'telegram', outcome: 'unreachable' }, value: 1 },
    ]));
    expect(families.get('axepilot_alerts_firing')?.samples).toEqual([{ labels: { miner: 'aabbcc000001', rule: 'chipTemp', severity: 'warning' }, value: 1 }]);
    expect(families.get('axepilot_miner_energy_joules_total')?.samples[0]?.value).toBe(7200);
    // Standard process metrics on the same, private registry.
    expect(families.has('process_cpu_seconds_total')).toBe(true);
  });
});
