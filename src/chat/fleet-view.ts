import type { FleetCollector } from '../fleet/collector.js';
import type { FleetView, MinerView } from './services.js';

/** What chat commands see of the fleet: each poll loop's latest good poll and connection state, read on demand. */
export function fleetViewOf(collector: Pick<FleetCollector, 'miners'>): FleetView {
  return {
    miners: (): MinerView[] =>
      collector.miners.map((loop) => ({
        name: loop.miner.name,
        host: loop.miner.host,
        minerId: loop.miner.minerId,
        online: loop.health.isOnline,
        telemetry: loop.latestTelemetry,
        lastGoodPollAt: loop.health.lastGoodPollAt,
        lastError: loop.health.lastFailure,
        asic: loop.asicInfo,
        flapping: loop.health.isFlapping,
        degraded: loop.protectionDrop,
        notAxeOs: loop.health.answersNotAxeOs,
      })),
  };
}
