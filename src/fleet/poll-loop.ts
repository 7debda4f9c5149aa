import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/clock.js';
import { errorMessage, MinerUnreachableError } from '../core/errors.js';
import type { TypedEventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { ImplausibleReading } from '../axeos/plausibility.js';
import type { AsicInfo, Telemetry } from '../axeos/telemetry.js';
import { initialPollOffsetMs, nextPollDelayMs } from './backoff.js';
import type { FleetEvents, MinerRef } from './events.js';
import { answeredButNotAxeOs } from '../axeos/not-axeos.js';
import { FirmwareProtectionWatch, type ProtectionDrop, type ProtectionTrip } from './firmware-protection.js';
import { MinerHealth, type HealthChange } from './miner-health.js';

/** What a poll loop needs of a miner client. */
export interface PolledMiner {
  getInfo(signal?: AbortSignal): Promise<{ telemetry: Telemetry; implausible?: ImplausibleReading[] }>;
  getAsic(signal?: AbortSignal): Promise<AsicInfo | null>;
  /** Whether anything answers at the miner's address, cheaply; without it a backing-off loop just waits. */
  probe?(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}

export interface PollLoopOptions {
  miner: MinerRef;
  client: PolledMiner;
  clock: Clock;
  bus: TypedEventBus<FleetEvents>;
  log: Logger;
  intervalMs: number;
  offlineAfterMs?: number;
  /**
   * Called with each good poll before it is announced, to attach the database id. `false` refuses the miner (it is
   * another configured miner under a second name): the poll is not announced and this loop stops polling.
   */
  onTelemetry: (miner: MinerRef, telemetry: Telemetry) => boolean | void;
  random?: () => number;
}

/**
 * One miner's poll loop: a self-rescheduling sleep, never overlapping with itself (the next poll is scheduled only
 * after this one finished), abortable at every await (uptime-kuma's `safeBeat`, grammY's polling loop).
 */
export class PollLoop {
  readonly health: MinerHealth;
  private protection = new FirmwareProtectionWatch();
  private asic: AsicInfo | null = null;
  private latest: Telemetry | null = null;
  private running: Promise<void> | null = null;
  private startedAt = 0;
  private refused = false;
  /** The last failure was "no answer at all" (not a wrong answer): only then can a probe tell that it is back. */
  private lastFailureUnreachable = false;
  /** Fields already logged as implausible: one line per miner and field, not one per poll. */
  private readonly implausibleLogged = new Set<string>();

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

  /** Below its own settings since the firmware's overheat protection, as of the latest good poll. */
  get protectionDrop(): ProtectionDrop | null {
    return this.protection.drop;
  }

  /** A trip recorded before axepilot restarted; call before `start`. */
  rememberProtectionTrip(trip: ProtectionTrip | null): void {
    this.protection = new FirmwareProtectionWatch(trip);
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
    while (!signal.aborted && !this.refused) {
      await this.pollOnce(signal);
      if (signal.aborted || this.refused) return;
      await this.waitForNextPoll(signal);
    }
  }

  /**
   * Sleeps until the next poll is due. While backing off from a miner that gave no answer at all, it still looks
   * every normal interval with a cheap probe and polls at once when something answers: a miner back after a long
   * outage is sampled within one interval, not minutes later, and one that is up only briefly between outages is
   * seen each time (online, offline and reboot events every cycle) instead of not at all.
   */
  private async waitForNextPoll(signal: AbortSignal): Promise<void> {
    const { clock, intervalMs, client } = this.options;
    const delay = this.delayUntilNextPoll();
    if (!client.probe || !this.lastFailureUnreachable || delay <= intervalMs * 1.5) {
      await clock.sleep(delay, signal);
      return;
    }
    const pollAt = clock.now() + delay;
    const probeTimeoutMs = Math.max(500, Math.min(2000, intervalMs / 2));
    for (;;) {
      const step = Math.min(pollAt - clock.now(), this.jittered(intervalMs));
      if (step > 0) await clock.sleep(step, signal);
      if (clock.now() >= pollAt) return;
      const answered = await client.probe(probeTimeoutMs, signal).catch((error: unknown) => {
        if (isAbortError(error)) throw error;
        return false;
      });
      if (signal.aborted || answered) return;
    }
  }

  private jittered(ms: number): number {
    const random = this.options.random ?? Math.random;
    return Math.max(250, ms * (1 + 0.1 * (random() * 2 - 1)));
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
      const { telemetry, implausible } = await client.getInfo(signal);
      if (signal?.aborted) return null;
      for (const reading of implausible ?? []) this.logImplausible(reading);
      if (this.options.onTelemetry(this.miner, telemetry) === false) {
        this.refused = true;
        return null;
      }
      this.latest = telemetry;
      this.lastFailureUnreachable = false;
      this.protection.observe(telemetry);
      this.announce(this.health.recordSuccess(telemetry, clock.now(), requestedAt), telemetry);
      this.options.bus.emit('sample', { miner: this.miner, telemetry });
      return telemetry;
    } catch (error) {
      if (signal?.aborted) return null;
      const now = clock.now();
      const message = errorMessage(error);
      this.lastFailureUnreachable = error instanceof MinerUnreachableError;
      this.options.log.debug({ miner: this.miner.name, err: message }, 'poll failed');
      this.options.bus.emit('pollFailed', {
        miner: this.miner, at: now, error: message, consecutiveFailures: this.health.consecutiveFailures + 1,
      });
      this.announce(this.health.recordFailure(message, now, this.startedAt, answeredButNotAxeOs(error)), null);
      return null;
    }
  }

  private logImplausible({ field, value }: ImplausibleReading): void {
    if (this.implausibleLogged.has(field)) return;
    this.implausibleLogged.add(field);
    this.options.log.warn(
      { miner: this.miner.name, field, value },
      'miner sent an implausible reading; stored as no reading (said once per miner and field)',
    );
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
          bus.emit('offline', { miner, at, lastGoodAt: change.lastGoodAt, reason: change.reason, notAxeOs: change.notAxeOs });
          break;
        case 'rebooted':
          log.info({ miner: miner.name, uptimeS: change.uptimeS }, 'miner rebooted');
          bus.emit('rebooted', { miner, at, previousUptimeS: change.previousUptimeS, uptimeS: change.uptimeS });
          break;
        case 'flapping':
        case 'steady': {
          const flapping = change.kind === 'flapping';
          const started = change.kind === 'flapping' && change.started;
          if (started) log.warn({ miner: miner.name, outages: change.outages, reboots: change.reboots }, 'miner flapping');
          if (!flapping) log.info({ miner: miner.name }, 'miner steady again');
          bus.emit('flapping', { miner, at, flapping, started, outages: change.outages, reboots: change.reboots, windowMs: change.windowMs });
          break;
        }
        case 'settingsChanged':
          log.info({ miner: miner.name, before: change.before, after: change.after }, 'miner settings changed');
          bus.emit('settingsChanged', { miner, at, before: change.before, after: change.after });
          break;
      }
    }
  }
}
