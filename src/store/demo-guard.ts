import { UserError } from '../core/errors.js';
import type { MinerRecord } from './miners.js';

/** The names the demo gives its miners (src/demo/demo-fleet.ts), so the README's examples work as written. */
const DEMO_NAMES = ['gamma', 'supra', 'ultra'];

/**
 * Demo miners are `sim-<model>-<n>` or the demo's own names, on this machine's loopback (`startSimFleet`); anything
 * else is a real miner.
 */
export function isDemoMiner(miner: Pick<MinerRecord, 'name' | 'host'>): boolean {
  return (/^sim-/.test(miner.name) || DEMO_NAMES.includes(miner.name))
    && /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(miner.host);
}

/**
 * An emptied or missing config turns demo mode on; its simulated miners must not land in the history of real ones
 * (their samples, events and alerts would mix into /status, charts and digests for good).
 */
export function refuseDemoOverRealMiners(miners: readonly MinerRecord[], databasePath: string): void {
  const real = miners.filter((miner) => !isDemoMiner(miner));
  if (real.length === 0) return;
  const names = real.slice(0, 5).map((miner) => miner.name).join(', ') + (real.length > 5 ? ', …' : '');
  throw new UserError(
    `No miners are configured, so axepilot would start in demo mode, but ${databasePath} holds the history of ` +
      `${real.length} real miner${real.length === 1 ? '' : 's'} (${names}); simulated miners are not written into it. ` +
      'Add your miners to the config file (see config/axepilot.example.yaml) and start again, or set demo: false to ' +
      'run without miners, or point AXEPILOT_DB at another file to try the demo.',
  );
}
