import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { configSchema } from '../../../src/config/schema.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { AlertEngine } from '../../../src/alerts/engine/engine.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import type { AlertConfig } from '../../../src/alerts/settings.js';
import { InMemoryAlertStateStore, type AlertStateStore } from '../../../src/alerts/engine/state-store.js';

/** Noon UTC on a Saturday: outside any quiet hours the tests set unless they move the clock. */
export const NOON = Date.UTC(2026, 0, 10, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** A Bitaxe Gamma at stock settings, an hour after boot, as the normalizer would hand it over. */
export function gammaTelemetry(overrides: Partial<Telemetry> = {}): Telemetry {
  return {
    ts: 0, mac: 'AA:BB:CC:DD:EE:01', hostname: 'gamma', ipv4: '192.168.1.20', model: 'gamma', boardVersion: '601',
    asicModel: 'BM1370', asicCount: 1, smallCoreCount: 2040, firmware: 'v2.12.2',
    hashrateGhs: 1071, hashrate1mGhs: 1068, hashrate10mGhs: 1070, hashrate1hGhs: 1070, expectedHashrateGhs: 1071,
    efficiencyJth: 17.5, errorPct: 0.3,
    chipTempC: 60, chipTemp2C: null, vrTempC: 62, powerW: 18.8, inputVoltageV: 5.1, currentA: 3.7,
    coreVoltageMv: 1150, coreVoltageActualMv: 1148, frequencyMhz: 525, fanPct: 45, fanRpm: 4200, autoFan: true,
    tempTargetC: 60,
    sharesAccepted: 1000, sharesRejected: 2, bestDiff: 1.2e9, bestSessionDiff: 3e8, poolDifficulty: 1000,
    networkDifficulty: 1.2e14, blocksFound: 0, usingFallbackPool: false, poolUrl: 'stratum+tcp://pool.example:3333',
    uptimeS: 3600, overheat: false, powerFault: null, hardwareFault: null, miningPaused: false, wifiRssi: -55,
    poolUser: 'bc1qexample.gamma', poolResponseMs: 30,
    ...overrides,
  };
}

export interface HarnessOptions {
  alerts?: Record<string, unknown>;
  limits?: Record<string, unknown>;
  miners?: Array<{ name: string; host: string; limits?: Record<string, unknown> }>;
  timezone?: string;
  store?: AlertStateStore;
  start?: number;
  /** Make the notification callback throw (an outbox that cannot store). */
  failing?: () => boolean;
}

export function alertConfig(options: HarnessOptions = {}): AlertConfig {
  return configSchema.parse({
    miners: options.miners ?? [],
    timezone: options.timezone ?? 'UTC',
    alerts: options.alerts ?? {},
    limits: options.limits ?? {},
  });
}

/** An engine on a virtual clock that records what it would send. */
export class Harness {
  readonly clock: VirtualClock;
  readonly sent: AlertNotification[] = [];
  readonly store: AlertStateStore;
  readonly engine: AlertEngine;

  constructor(private readonly options: HarnessOptions = {}) {
    this.clock = new VirtualClock(options.start ?? NOON);
    this.store = options.store ?? new InMemoryAlertStateStore();
    this.engine = this.newEngine();
  }

  /** A second engine on the same store and clock: the process after a restart. */
  restart(): AlertEngine {
    const engine = this.newEngine();
    engine.restore();
    return engine;
  }

  sample(miner: string, overrides: Partial<Telemetry> = {}, engine: AlertEngine = this.engine): void {
    engine.observeSample(miner, gammaTelemetry({ ts: this.clock.now(), ...overrides }));
  }

  /** Moves time by `ms` without feeding anything, then ticks. */
  wait(ms: number, engine: AlertEngine = this.engine): void {
    this.clock.set(this.clock.now() + ms);
    engine.tick(this.clock.now());
  }

  /**
   * Polls for `durationMs`, every `everyMs` (5 s, as the fleet does), feeding each miner the telemetry `poll` returns
   * for it and ticking the engine after each round.
   */
  poll(
    durationMs: number,
    poll: Record<string, Partial<Telemetry> | ((at: number) => Partial<Telemetry>)>,
    everyMs = 5 * SECOND,
    engine: AlertEngine = this.engine,
  ): void {
    const end = this.clock.now() + durationMs;
    while (this.clock.now() < end) {
      this.clock.set(Math.min(end, this.clock.now() + everyMs));
      for (const [miner, telemetry] of Object.entries(poll)) {
        this.sample(miner, typeof telemetry === 'function' ? telemetry(this.clock.now()) : telemetry, engine);
      }
      engine.tick(this.clock.now());
    }
  }

  ofKind(kind: AlertNotification['kind']): AlertNotification[] {
    return this.sent.filter((n) => n.kind === kind);
  }

  private newEngine(): AlertEngine {
    return new AlertEngine({
      config: alertConfig(this.options),
      clock: this.clock,
      store: this.store,
      onNotification: (notification) => {
        if (this.options.failing?.()) throw new Error('outbox unavailable');
        this.sent.push(notification);
      },
    });
  }
}
