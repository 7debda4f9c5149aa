/**
 * Prometheus HTTP service discovery (`http_sd_configs`): the configured miners as targets, so an owner who scrapes the
 * miners themselves (json_exporter, or a firmware /metrics) reuses axepilot's miner list instead of keeping another.
 */
import type { WatchedMiner } from '../watched-miners.js';

export interface SdTargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

export function minerTargets(miners: readonly WatchedMiner[]): SdTargetGroup[] {
  return miners.map((m) => {
    const url = new URL(m.host);
    const labels: Record<string, string> = { miner: m.key, name: m.name };
    if (m.telemetry?.model) labels.model = m.telemetry.model;
    // The scheme is a meta label: http_sd targets are host[:port], and a relabel rule may turn it into __scheme__.
    labels.__meta_axepilot_scheme = url.protocol.replace(':', '');
    return { targets: [url.host], labels };
  });
}
