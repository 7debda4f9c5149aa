import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { TypedEventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import { initialPollOffsetMs, nextPollDelayMs } from './backoff.js';
import type { FleetEvents, MinerRef } from './events.js';
import { MinerHealth, type HealthChange } from './miner-health.js';

/** What a poll loop needs of a miner client. */
export interface PolledMiner {
  getInfo(signal?: AbortSignal): Promise<{ telemetry: Telemetry }>;
  getAsic(signal?: AbortSignal): Promise<AsicInfo | null>;
}

export interface PollLoopOptions {
  miner: MinerRef;
  client: PolledMiner;
  clock: Clock;
  bus: TypedEventBus<FleetEvents>;
  log: Logger;
  intervalMs: number;
  offlineAfterMs?: number;
  /** Called with each good poll before it is announced, to attach the database id. */
  onTelemetry: (miner: MinerRef, telemetry: Telemetry) => void;
  random?: () => number;
}

/**
 * One miner's poll loop: a self-rescheduling sleep, never overlapping with itself (the next poll is scheduled only
 * after this one finished), abortable at every await (uptime-kuma's `safeBeat`, grammY's polling loop).
 */
export class PollLoop {
  readonly health: MinerHealth;
  private asic: AsicInfo | null = null;
  private latest: Telemetry | null = null;
  private running: Promise<void> | null = null;
  private startedAt = 0;

  constructor(private readonly options: PollLoopOptions) {
    this.health = new MinerHealth(options.offlineAfterMs ?? 30_000);
  }

  get miner(): MinerRef {
    return this.options.miner;
  }

  get latestTelemetry(): Telemetry | null {
    return this.latest;
  }

  get asicInfo(): AsicInfo | null {
    return this.asic;
  }

  start(signal: AbortSignal): void {
    this.startedAt = this.options.clock.now();
    this.running = this.run(signal).catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.error({ miner: this.miner.name, err: errorMessage(error) }, 'poll loop died');
    });
  }

  /** Resolves when the loop has noticed its abort signal and ended. */
  async finished(): Promise<void> {
    await this.running;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock, intervalMs, random } = this.options;
    await clock.sleep(initialPollOffsetMs(intervalMs, random), signal);
    while (!signal.aborted) {
      await this.pollOnce(signal);
      if (signal.aborted) return;
      await clock.sleep(this.delayUntilNextPoll(), signal);
    }
  }

  /** One poll; public so the CLI and tests can drive a single step. */
  async pollOnce(signal?: AbortSignal): Promise<Telemetry | null> {
    const { client, clock } = this.options;
    const requestedAt = clock.now();
    try {
      if (this.health.needsReconnect) {
        this.asic = await client.getAsic(signal);
        this.options.bus.emit('asicInfo', { miner: this.miner, asic: this.asic });
      }
      const { telemetry } = await client.getInfo(signal);
      if (signal?.aborted) return null;
      this.latest = telemetry;
      this.options.onTelemetry(this.miner, telemetry);
      this.announce(this.health.recordSuccess(telemetry, clock.now(), requestedAt), telemetry);
      this.options.bus.emit('sample', { miner: this.miner, telemetry });
      return telemetry;
    } catch (error) {
      if (signal?.aborted) return null;
      const now = clock.now();
      const message = errorMessage(error);
      this.options.log.debug({ miner: this.miner.name, err: message }, 'poll failed');
      this.options.bus.emit('pollFailed', {
        miner: this.miner, at: now, error: message, consecutiveFailures: this.health.consecutiveFailures + 1,
      });
      this.announce(this.health.recordFailure(message, now, this.startedAt), null);
      return null;
    }
  }

  private delayUntilNextPoll(): number {
    const { intervalMs, random, clock } = this.options;
    const delay = nextPollDelayMs(this.health.consecutiveFailures, { intervalMs }, random);
    // While backing off, still look again when the offline verdict falls due, so "offline" is never announced late.
    const deadline = this.health.offlineDeadline(this.startedAt);
    if (deadline !== null && this.health.consecutiveFailures > 0) {
      const untilDeadline = deadline - clock.now();
      if (untilDeadline > 0 && untilDeadline < delay) return untilDeadline;
    }
    return delay;
  }

  private announce(changes: HealthChange[], telemetry: Telemetry | null): void {
    const { bus, clock, log } = this.options;
    const at = clock.now();
    const miner = this.miner;
    for (const change of changes) {
      switch (change.kind) {
        case 'online':
          log.info({ miner: miner.name, firmware: telemetry?.firmware }, 'miner online');
          bus.emit('online', { miner, at, downMs: change.downMs });
          break;
        case 'offline':
          log.warn({ miner: miner.name, reason: change.reason }, 'miner offline');
          bus.emit('offline', { miner, at, lastGoodAt: change.lastGoodAt, reason: change.reason });
          break;
        case 'rebooted':
          log.info({ miner: miner.name, uptimeS: change.uptimeS }, 'miner rebooted');
          bus.emit('rebooted', { miner, at, previousUptimeS: change.previousUptimeS, uptimeS: change.uptimeS });
          break;
        case 'settingsChanged':
          log.info({ miner: miner.name, before: change.before, after: change.after }, 'miner settings changed');
          bus.emit('settingsChanged', { miner, at, before: change.before, after: change.after });
          break;
      }
    }
  }
}
