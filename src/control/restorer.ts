/**
 * Puts a miner back to its restore point and proves it: write, read back, compare. Used when a benchmark or the
 * autopilot releases a miner, and at start-up for restore points a crash left behind. A restore is never given up:
 * while the miner does not answer, it is retried on the clock with a growing pause.
 */
import { isAbortError, type Clock } from '../core/clock.js';
import { backoffDelay } from '../core/backoff.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MinerSettings } from '../axeos/telemetry.js';
import type { Actor, GuardedMiner } from './actor.js';
import type { AuditLog } from './audit-log.js';
import { RestorePendingError } from './errors.js';
import type { RestorePoint, RestorePoints } from './restore-points.js';
import { normalizeMac } from '../store/miners.js';
import { alreadyInForce, describeSettings, settingsConfirmed, settingsFromTelemetry } from './settings.js';

export const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

export interface RestorerOptions {
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  restorePoints: RestorePoints;
  /** Called after each PATCH, so the write-rate bound and the guard's view of the settings see restores too. */
  onWritten(miner: string, settings: MinerSettings): void;
}

export class SettingsRestorer {
  constructor(private readonly options: RestorerOptions) {}

  /**
   * One attempt: skips the write when the miner already runs these settings (spares the flash), else PATCHes them and
   * reads them back. On success the restore point is removed; on failure it stays and the error is thrown.
   */
  async restoreNow(miner: GuardedMiner, point: RestorePoint, actor: Actor, options: { auditFailure: boolean; signal?: AbortSignal }): Promise<void> {
    const { clock, audit, restorePoints } = this.options;
    let before: MinerSettings | null = null;
    try {
      const { telemetry } = await miner.client.getInfo(options.signal);
      before = settingsFromTelemetry(telemetry);
      const mac = normalizeMac(telemetry.mac);
      const pointMac = normalizeMac(point.mac);
      if (mac !== null && pointMac !== null && mac !== pointMac) {
        // The name or host now leads to another device: its settings are not ours to write.
        throw new RestorePendingError(`${miner.name} answers as ${mac}, not as ${pointMac}, the miner this restore point belongs to`);
      }
      if (!alreadyInForce(telemetry, point.settings)) {
        await miner.client.patchSettings(point.settings, options.signal);
        this.options.onWritten(miner.name, point.settings);
        const readBack = (await miner.client.getInfo(options.signal)).telemetry;
        if (!settingsConfirmed(readBack, point.settings)) {
          throw new RestorePendingError(
            `${miner.name} answered but still reports ${describeSettings(settingsFromTelemetry(readBack) ?? {})} ` +
              `instead of ${describeSettings(point.settings)}`,
          );
        }
      }
    } catch (error) {
      if (isAbortError(error)) throw error;
      if (options.auditFailure) {
        audit.record({
          ts: clock.now(), minerId: miner.minerId(), miner: miner.name, actor, action: 'restore', before,
          after: point.settings, result: 'failed', detail: `${errorMessage(error)}; the restore point is kept and retried`,
        });
      }
      throw error;
    }
    restorePoints.remove(point);
    audit.record({
      ts: clock.now(), minerId: miner.minerId(), miner: miner.name, actor, action: 'restore', before, after: point.settings,
      result: 'ok', detail: `settings from before the ${point.owner.kind === 'benchmark' ? 'benchmark' : point.owner.kind} confirmed by the miner`,
    });
    this.options.log.info({ miner: miner.name, settings: point.settings }, 'restored settings');
  }

  /**
   * Retries until the miner confirms or `signal` aborts; true when restored. Only the first failure goes to the audit
   * log: a miner that is off for a week would otherwise fill it.
   */
  async restoreUntilConfirmed(miner: GuardedMiner, point: RestorePoint, actor: Actor, options: { signal: AbortSignal; firstDelayMs: number; firstFailureAudited: boolean }): Promise<boolean> {
    const { clock, log } = this.options;
    let delay = options.firstDelayMs;
    let audited = options.firstFailureAudited;
    // A first wait counts as one step of the backoff already taken.
    let failures = options.firstDelayMs > 0 ? 1 : 0;
    for (;;) {
      try {
        if (delay > 0) await clock.sleep(delay, options.signal);
        if (options.signal.aborted) return false;
        await this.restoreNow(miner, point, actor, { auditFailure: !audited, signal: options.signal });
        return true;
      } catch (error) {
        if (options.signal.aborted || isAbortError(error)) return false;
        audited = true;
        failures += 1;
        delay = backoffDelay(failures, { baseMs: FIRST_RETRY_MS, maxMs: MAX_RETRY_MS });
        log.warn({ miner: miner.name, err: errorMessage(error), retryInS: delay / 1000 }, 'restoring settings failed; will retry');
      }
    }
  }
}
