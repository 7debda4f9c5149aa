/**
 * What a benchmark run did, in the owner's words, for `/bench results` and the command line: how far it got
 * ("stopped after 1 point, which passed"), and which gate this firmware could not measure.
 */
import type { BenchRunState } from './repository.js';
import type { PointResult } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many points passed, said so that one point reads naturally. */
function passedPart(points: readonly PointResult[]): string {
  const passed = points.filter((p) => p.verdict === 'pass').length;
  if (points.length === 0) return '';
  if (points.length === 1) return passed === 1 ? ', which passed' : ', which did not pass';
  return passed === points.length ? ', all passed' : `, ${passed} of them passed`;
}

const ENDINGS: Record<Exclude<BenchRunState, 'running' | 'done'>, string> = {
  cancelled: 'stopped',
  failed: 'failed',
  'miner-lost': 'lost the miner',
  interrupted: 'was interrupted (axepilot restarted)',
};

export function whatHappened(state: BenchRunState, points: readonly PointResult[]): string {
  const count = plural(points.length, 'point');
  switch (state) {
    case 'running':
      return points.length === 0 ? 'running: measuring its first point' : `running: ${count} so far${passedPart(points)}`;
    case 'done':
      return `done after ${count}${passedPart(points)}`;
    default:
      return `${ENDINGS[state]} after ${count}${passedPart(points)}`;
  }
}

/**
 * The error gate a firmware without an ASIC error counter (NerdQAxe, ESP-Miner before 2.11) cannot apply: the lost
 * nonces show only as missing hashrate, so that is what judged every point. Null when the errors were counted.
 */
export function errorGateNote(points: readonly PointResult[]): string | null {
  const measured = points.filter((p) => p.measurement !== null);
  if (measured.length === 0 || measured.some((p) => p.measurement?.errorPct)) return null;
  return 'ASIC errors: no error counter on this firmware: judged by hashrate';
}
