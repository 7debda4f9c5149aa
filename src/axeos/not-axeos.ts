/**
 * Whether a failed request shows that the host is some other device (a router, a NAS, a printer): it answered, but
 * with 404 where every AxeOS version serves `/api/system/info`, with a web page or text instead of JSON, or with JSON
 * that is not AxeOS's. A 5xx, an empty answer or broken JSON is a miner having trouble, not another device.
 */
import { MinerApiError } from '../core/errors.js';

const FOREIGN_ANSWERS = [/answered JSON that is not AxeOS/, /answered HTML, not JSON/, /answered text, not JSON/];

export function answeredButNotAxeOs(error: unknown): boolean {
  if (!(error instanceof MinerApiError)) return false;
  if (error.status !== null && error.status >= 400 && error.status < 500) return true;
  return FOREIGN_ANSWERS.some((pattern) => pattern.test(error.message));
}
