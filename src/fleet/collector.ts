import { setMaxListeners } from 'node:events';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { TypedEventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { ServiceHealth } from '../core/service-health.js';
import type { Telemetry } from '../axeos/telemetry.js';
import { normalizeMac } from '../store/miners.js';
import type { Store } from '../store/store.js';
import type { FleetEvents, MinerRef } from './events.js';
import { PollLoop, type PolledMiner } from './poll-loop.js';
import { SampleWriter } from './sample-writer.js';

export interface CollectedMiner {
  name: string;
  /** Base URL, e.g. `http://192.168.1.20`. */
  host: string;
  client: PolledMiner;
}

export interface FleetCollectorOptions {
  miners: CollectedMiner[];
  store: Store;
  clock: Clock;
  log: Logger;
  pollIntervalMs: number;
  offlineAfterMs?: number;
  bus?: TypedEventBus<FleetEvents>;
  random?: () => number;
  /** Told of every collector cycle and every write of samples; `axepilot health` reads it. */
  health?: ServiceHealth;
}

/**
 * Polls every miner on its own loop, writes good polls to the store in batches, records connection events, and
 * announces everything on the fleet bus for alerts, charts and the autopilot.
 */
export class FleetCollector implements Service {
  readonly name = 'fleet collector';
  readonly bus: TypedEventBus<FleetEvents>;
  private readonly loops: PollLoop[];
  private readonly writer: SampleWriter;
  private abort = new AbortController();
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly options: FleetCollectorOptions) {
    this.bus =
      options.bus ??
      new TypedEventBus<FleetEvents>((event, error) =>
        options.log.error({ event, err: errorMessage(error) }, 'fleet event listener failed'),
      );
    this.writer = new SampleWriter({
      sink: options.store.samples, clock: options.clock, log: options.log,
      onCycle: () => options.health?.pollCycleDone(),
      onWritten: () => this.writeSucceeded(),
      onWriteFailed: (error) => this.writeFailed(error),
    });
    this.loops = options.miners.map(
      (miner) =>
        new PollLoop({
          miner: { name: miner.name, host: miner.host, minerId: null },
          client: miner.client,
          clock: options.clock,
          bus: this.bus,
          log: options.log,
          intervalMs: options.pollIntervalMs,
          offlineAfterMs: options.offlineAfterMs,
          random: options.random,
          onTelemetry: (ref, telemetry) => this.store(ref, telemetry),
        }),
    );
  }

  /** Every miner's loop, for status views: latest telemetry, health, device options. */
  get miners(): readonly PollLoop[] {
    return this.loops;
  }

  find(name: string): PollLoop | undefined {
    const key = name.toLowerCase();
    return this.loops.find((loop) => loop.miner.name.toLowerCase() === key);
  }

  start(): Promise<void> {
    this.abort = new AbortController();
    // Every miner's loop waits on this one signal: a listener each is expected, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.unsubscribe = this.recordEvents();
    this.writer.start(this.abort.signal);
    for (const loop of this.loops) loop.start(this.abort.signal);
    this.options.log.info({ miners: this.loops.length, intervalS: this.options.pollIntervalMs / 1000 }, 'polling');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops.map((loop) => loop.finished()));
    await this.writer.stop();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /**
   * Resolves once every miner has answered a poll and has its database id; rejects after `timeoutMs` (wall time:
   * for tests, benchmarks and tools that need a warm fleet, not for the service's own flow).
   */
  whenAllPolled(timeoutMs = 10_000): Promise<void> {
    const ready = (): boolean => this.loops.every((loop) => loop.latestTelemetry !== null && loop.miner.minerId !== null);
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`not every miner answered a poll within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.bus.on('sample', () => {
        if (!ready()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Writes buffered samples now (tests and shutdown). */
  flush(): boolean {
    return this.writer.flush();
  }

  private store(ref: MinerRef, telemetry: Telemetry): boolean {
    // The database id is resolved on first contact and whenever the MAC changes (a board swap behind the same IP),
    // not on every poll: identity lookups are writes.
    if (ref.minerId === null || this.macChanged(ref, telemetry)) {
      if (!this.claimMac(ref, telemetry)) return false;
      try {
        const record = this.options.store.miners.resolveMiner({
          mac: telemetry.mac, host: ref.host, name: ref.name, model: telemetry.model, asicModel: telemetry.asicModel,
          hostname: telemetry.hostname, firmware: telemetry.firmware, ts: telemetry.ts,
        });
        ref.minerId = record.id;
        this.knownMacs.set(ref.name, telemetry.mac);
      } catch (error) {
        this.options.log.error({ miner: ref.name, err: errorMessage(error) }, 'cannot record miner identity');
        return true;
      }
    }
    if (ref.minerId !== null) this.writer.add({ minerId: ref.minerId, telemetry });
    return true;
  }

  /** Which configured name answered with each MAC first. */
  private readonly macOwners = new Map<string, string>();

  /**
   * Two configured names that reach the same device (one written as an IP, one as a hostname or URL) would poll it
   * twice as often and write into one miner row under flipping names: the second is refused, and said so.
   */
  private claimMac(ref: MinerRef, telemetry: Telemetry): boolean {
    const mac = normalizeMac(telemetry.mac);
    if (mac === null) return true;
    const owner = this.macOwners.get(mac);
    if (owner !== undefined && owner !== ref.name) {
      this.options.log.error(
        { miner: ref.name, sameAs: owner, mac, host: ref.host },
        `${ref.name} is the same miner as ${owner} (MAC ${mac}): not polling it under a second name; remove one of them from the config`,
      );
      return false;
    }
    this.macOwners.set(mac, ref.name);
    return true;
  }

  private readonly knownMacs = new Map<string, string | null>();
  /** When the current run of failed writes began; null while writes work. */
  private writeFailingSince: number | null = null;

  private writeFailed(error: unknown): void {
    this.options.health?.writeFailed(error);
    if (this.writeFailingSince !== null) return;
    const at = this.options.clock.now();
    this.writeFailingSince = at;
    this.bus.emit('storageFailing', { at, since: at, error: errorMessage(error) });
  }

  private writeSucceeded(): void {
    this.options.health?.writeSucceeded();
    if (this.writeFailingSince === null) return;
    const since = this.writeFailingSince;
    this.writeFailingSince = null;
    this.bus.emit('storageRecovered', { at: this.options.clock.now(), since });
  }

  private macChanged(ref: MinerRef, telemetry: Telemetry): boolean {
    return telemetry.mac !== null && this.knownMacs.get(ref.name) !== telemetry.mac;
  }

  private recordEvents(): Array<() => void> {
    const events = this.options.store.events;
    const add = (miner: MinerRef, ts: number, kind: string, severity: 'info' | 'warning' | 'critical', message: string, data?: Record<string, unknown>): void => {
      try {
        events.add({ minerId: miner.minerId, ts, kind, severity, message, data });
      } catch (error) {
        this.options.log.error({ miner: miner.name, kind, err: errorMessage(error) }, 'cannot record event');
      }
    };
    return [
      this.bus.on('online', ({ miner, at, downMs }) =>
        add(miner, at, 'online', 'info', downMs === null ? `${miner.name} is online` : `${miner.name} is back online after ${Math.round(downMs / 1000)} s`, { downMs })),
      this.bus.on('offline', ({ miner, at, reason, lastGoodAt }) =>
        add(miner, at, 'offline', 'warning', `${miner.name} is offline (${reason})`, { reason, lastGoodAt })),
      this.bus.on('rebooted', ({ miner, at, previousUptimeS, uptimeS }) =>
        add(miner, at, 'rebooted', 'warning', `${miner.name} rebooted (uptime ${previousUptimeS} s → ${uptimeS} s)`, { previousUptimeS, uptimeS })),
      this.bus.on('flapping', ({ miner, at, flapping, started, outages, reboots, windowMs }) => {
        if (flapping && !started) return;
        const minutes = Math.round(windowMs / 60_000);
        if (flapping) {
          add(miner, at, 'flapping', 'warning', `${miner.name} is flapping: ${outages} outages and ${reboots} reboots in ${minutes} min`, { outages, reboots, windowMs });
        } else {
          add(miner, at, 'steady', 'info', `${miner.name} is steady again (no outage for ${minutes} min)`, { windowMs });
        }
      }),
      this.bus.on('settingsChanged', ({ miner, at, before, after }) =>
        add(miner, at, 'settingsChanged', 'info', `${miner.name} settings changed`, { before: { ...before }, after: { ...after } })),
    ];
  }
}
