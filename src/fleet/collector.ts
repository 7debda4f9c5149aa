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
import { WATCH_EXTEND_EVERY_MS } from '../store/watch.js';
import { formatSpan } from '../core/units.js';
import { looksLikeProtection, tripFromEvents, type ProtectionTrip } from './firmware-protection.js';
import { describeSettingsChange, type FleetEvents, type MinerRef } from './events.js';
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
  /** This run's watch span (store.watch), and when it was last extended. */
  private watch: { startedAt: number; extendedAt: number } | null = null;

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
    this.unsubscribe = [...this.recordEvents(), ...this.recordWatching()];
    this.writer.start(this.abort.signal);
    for (const loop of this.loops) {
      loop.rememberProtectionTrip(this.rememberedTrip(loop.miner.name));
      loop.start(this.abort.signal);
    }
    this.options.log.info({ miners: this.loops.length, intervalS: this.options.pollIntervalMs / 1000 }, 'polling');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops.map((loop) => loop.finished()));
    await this.writer.stop();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.watch) this.extendWatch(this.options.clock.now(), true);
    this.watch = null;
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

  /** What the firmware's protection left a miner at before this start, from the recorded settings changes. */
  private rememberedTrip(miner: string): ProtectionTrip | null {
    try {
      const id = this.options.store.miners.byName(miner)?.id;
      if (id === undefined) return null;
      const changes = this.options.store.events.list({ minerId: id, limit: 50 }).filter((e) => e.kind === 'settingsChanged');
      return tripFromEvents(changes);
    } catch (error) {
      this.options.log.error({ miner, err: errorMessage(error) }, 'cannot read the recorded settings changes');
      return null;
    }
  }

  /**
   * Records that axepilot is watching: a span from start, extended as polls come and go (at most every 15 s: a
   * write per poll would wear an SD card for nothing), so uptime and averages count only the time it watched.
   */
  private recordWatching(): Array<() => void> {
    const now = this.options.clock.now();
    try {
      this.watch = { startedAt: this.options.store.watch.begin(now), extendedAt: now };
    } catch (error) {
      this.options.log.error({ err: errorMessage(error) }, 'cannot record the watch start');
      return [];
    }
    const touch = (): void => this.extendWatch(this.options.clock.now(), false);
    return [this.bus.on('sample', touch), this.bus.on('pollFailed', touch)];
  }

  private extendWatch(now: number, force: boolean): void {
    const watch = this.watch;
    if (!watch || (!force && now - watch.extendedAt < WATCH_EXTEND_EVERY_MS)) return;
    try {
      this.options.store.watch.extend(watch.startedAt, now);
      watch.extendedAt = now;
    } catch (error) {
      this.options.log.error({ err: errorMessage(error) }, 'cannot record the watch time');
    }
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
        add(miner, at, 'online', 'info', downMs === null ? `${miner.name} is online` : `${miner.name} is back online after ${formatSpan(downMs)}`, { downMs })),
      this.bus.on('offline', ({ miner, at, reason, lastGoodAt, notAxeOs }) =>
        add(miner, at, 'offline', 'warning', notAxeOs ? `${miner.name} answers, but not as an AxeOS miner (${reason})` : `${miner.name} is offline (${reason})`, { reason, lastGoodAt, notAxeOs: notAxeOs ?? false })),
      this.bus.on('rebooted', ({ miner, at, previousUptimeS, uptimeS }) =>
        add(miner, at, 'rebooted', 'warning', `${miner.name} rebooted (it had been up ${formatSpan(previousUptimeS * 1000)})`, { previousUptimeS, uptimeS })),
      this.bus.on('flapping', ({ miner, at, flapping, started, outages, reboots, windowMs }) => {
        if (flapping && !started) return;
        const minutes = Math.round(windowMs / 60_000);
        if (flapping) {
          add(miner, at, 'flapping', 'warning', `${miner.name} is flapping: ${outages} outages and ${reboots} reboots in ${minutes} min`, { outages, reboots, windowMs });
        } else {
          add(miner, at, 'steady', 'info', `${miner.name} is steady again (no outage for ${minutes} min)`, { windowMs });
        }
      }),
      this.bus.on('settingsChanged', ({ miner, at, before, after }) => {
        // The poll loop has judged this very poll already: a drop below the owner's settings is the firmware's doing.
        const drop = this.find(miner.name)?.protectionDrop ?? null;
        const by = drop && looksLikeProtection(before, after) ? 'firmware' : null;
        const change = describeSettingsChange(before, after);
        const message = by
          ? `${miner.name} settings changed by the firmware's overheat protection: ${change}`
          : `${miner.name} settings changed: ${change}`;
        add(miner, at, 'settingsChanged', by ? 'warning' : 'info', message, { before: { ...before }, after: { ...after }, by });
      }),
    ];
  }
}
