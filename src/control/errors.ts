/** Refusals and failures of the guard, by class, so callers can tell "not allowed" from "could not". */
import { MinerApiError, UserError } from '../core/errors.js';

/** A request the guard will not carry out; the message says why and what is allowed. */
export class GuardRefusal extends UserError {}

/** The miner's firmware has no such endpoint (pause/resume before 2.14, identify before 2.12). */
export class FirmwareLacksFeatureError extends UserError {}

/**
 * Restoring a miner's settings after a benchmark or the autopilot was not confirmed (the miner did not answer, or did
 * not take them). The restore point stays in the database and the guard keeps retrying until the miner confirms.
 */
export class RestorePendingError extends UserError {}

/** The error to show when a pause/resume/identify failed because the firmware lacks the endpoint; else null. */
export function lacksFeature(miner: { name: string; firmware: string | null }, action: 'pause' | 'resume' | 'identify', error: unknown): FirmwareLacksFeatureError | null {
  // Unknown routes answer 404 since 2.9 and redirect to the web UI before (AXEOS.md).
  if (!(error instanceof MinerApiError) || error.status === null) return null;
  if (error.status !== 404 && !(error.status >= 300 && error.status < 400)) return null;
  const needs = action === 'identify' ? 'identify needs AxeOS 2.12 or newer' : 'pause and resume need AxeOS 2.14 or newer';
  return new FirmwareLacksFeatureError(`${miner.name}: its firmware (${miner.firmware ?? 'version unknown'}) has no ${action}; ${needs}`, { cause: error });
}
