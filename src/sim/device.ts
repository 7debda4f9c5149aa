import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { modelById, type MinerModel, type ModelId } from '../axeos/models.js';
import { AmbientSchedule, type AmbientPoint } from './ambient.js';
import { DEFAULT_AMBIENT_C, FAULT_DEFAULTS, RESTART, type BoardSpec } from './calibration.js';
import { FaultSchedule, type FaultTiming } from './fault-schedule.js';
import type { SimFault } from './faults.js';
import { asicInfo, espMinerInfo, type InfoContext } from './info.js';
import { serializeJson, type JsonValue } from './json-format.js';
import { nerdqaxeInfo } from './nerdqaxe-info.js';
import { drawDeviceParameters, type DeviceParameters } from './parameters.js';
import { applyPatch } from './patch.js';
import { MinerPhysics } from './physics.js';
import { OverheatProtection } from './protection.js';
import { profileFor, type FirmwareId, type FirmwareProfile } from './profiles.js';
import { SeededRandom } from './random.js';
import { factorySettings, isAutoFan, type FlashSettings } from './settings.js';
import { describeState, type SimMinerState } from './state.js';
import { SimTruth } from './truth.js';

export interface SimulatedMinerOptions {
  model: ModelId;
  seed: number;
  clock: Clock;
  /** Defaults to '2.12' on ESP-Miner boards and 'nerdqaxe' on the NerdQAxe++. */
  firmware?: FirmwareId;
  hostname?: string;
  /** Defaults to a MAC derived from the seed. */
  mac?: string;
  ambientC?: number;
}

export interface SimRequest {
  method: string;
  path: string;
  body?: string;
}

export type SimResponse =
  | { kind: 'answer'; status: number; contentType: string; body: string; delayMs?: number }
  | { kind: 'no-answer' };

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain';
const RESTART_MESSAGE = 'System will restart shortly.';

/**
 * One simulated AxeOS device: the whole HTTP surface without sockets (`handle`), fault injection, its true state,
 * and `truth` for evaluating benchmarks. Time only moves through the clock; the physics catches up on each call.
 */
export class SimulatedMiner {
  readonly model: MinerModel;
  readonly profile: FirmwareProfile;
  readonly board: BoardSpec;
  readonly params: DeviceParameters;
  readonly seed: number;
  readonly mac: string;
  readonly ipv4: string;
  readonly truth: SimTruth;
  readonly clock: Clock;
  private readonly settings: FlashSettings;
  private readonly physics: MinerPhysics;
  private readonly faults = new FaultSchedule();
  private slowDelayMs: number = FAULT_DEFAULTS.slowDelayMs;
  private resetReason = 'Power on reset';
  private identifyUntilMs = 0;

  constructor(options: SimulatedMinerOptions) {
    const model = modelById(options.model);
    if (!model) throw new UserError(`unknown miner model "${options.model}"`);
    const firmware = options.firmware ?? (model.firmware === 'nerdqaxe' ? 'nerdqaxe' : '2.12');
    if ((firmware === 'nerdqaxe') !== (model.firmware === 'nerdqaxe')) {
      throw new UserError(`${model.name} does not run firmware profile '${firmware}'`);
    }
    this.model = model;
    this.profile = profileFor(firmware);
    this.seed = options.seed;
    this.clock = options.clock;
    const identity = SeededRandom.derive(options.seed, 'identity');
    this.mac = options.mac ?? macFrom(identity);
    this.ipv4 = `192.168.1.${10 + identity.int(240)}`;
    const { board, params } = drawDeviceParameters(model, options.seed);
    this.board = board;
    this.params = params;
    const hostname = options.hostname ?? `sim-${model.id.replace(/[^a-z0-9]/g, '')}-${options.seed}`;
    this.settings = factorySettings({ model, profile: this.profile, hostname });
    this.physics = new MinerPhysics({
      model, board, params, profile: this.profile, settings: this.settings, seed: options.seed,
      startMs: options.clock.now(), ambientC: options.ambientC ?? DEFAULT_AMBIENT_C,
      onBoot: (atMs) => {
        this.faults.restarted(atMs);
        this.syncPhysicalFaults(atMs);
      },
    });
    const chipTripC = new OverheatProtection(this.profile.overheat).chipTripC;
    this.truth = new SimTruth({
      model, board, params, chipTripC,
      ambientC: () => this.physics.ambientC,
      fan: () => isAutoFan(this.settings)
        ? { auto: true, targetC: this.settings.tempTargetC, minPct: this.settings.minFanPct }
        : { auto: false, pct: this.settings.manualFanPct },
    });
  }

  handle(request: SimRequest): Promise<SimResponse> {
    const now = this.clock.now();
    this.catchUp(now);
    const faults = this.faults.active(now);
    if (faults.has('offline') || this.physics.isUnreachable(now)) return Promise.resolve({ kind: 'no-answer' });
    let response: SimResponse & { kind: 'answer' } = faults.has('http500')
      ? { kind: 'answer', status: 500, contentType: 'text/html', body: 'Internal Server Error' }
      : this.route(request, now);
    if (faults.has('garbage') && response.status === 200) response = { ...response, body: garble(response.body) };
    if (faults.has('slow')) response = { ...response, delayMs: this.slowDelayMs };
    return Promise.resolve(response);
  }

  /**
   * A fault now and until cleared, or timed: `{ startInMs, durationMs, untilRestart }` (a fan that dies for 30 min
   * an hour from now; an ASIC that stops hashing until the next restart).
   */
  injectFault(fault: SimFault, options: { delayMs?: number } & FaultTiming = {}): void {
    const now = this.clock.now();
    this.catchUp(now);
    this.faults.add(fault, now, options);
    if (fault === 'slow') this.slowDelayMs = options.delayMs ?? FAULT_DEFAULTS.slowDelayMs;
    this.syncPhysicalFaults(now);
  }

  clearFault(fault: SimFault): void {
    const now = this.clock.now();
    this.catchUp(now);
    this.faults.clear(fault);
    this.syncPhysicalFaults(now);
  }

  clearFaults(): void {
    const now = this.clock.now();
    this.catchUp(now);
    this.faults.clear();
    this.syncPhysicalFaults(now);
  }

  /** A fixed room temperature (ends any schedule). */
  setAmbient(ambientC: number): void {
    this.catchUp(this.clock.now());
    this.physics.ambientSchedule = null;
    this.physics.ambientC = ambientC;
  }

  /**
   * What `GET /api/system/info` and `/api/system/asic` would answer now, as objects: the demo's day of history reads
   * thousands of these, and the JSON round trip through `handle` would triple its start-up time.
   */
  readApi(): { info: Record<string, JsonValue>; asic: Record<string, JsonValue> } {
    const now = this.clock.now();
    this.catchUp(now);
    return { info: this.info(now), asic: asicInfo(this) };
  }

  /**
   * Room temperature on a schedule from now on: times of day (`{ at: "15:00", ambientC: 35 }`, UTC on this clock,
   * every day) or offsets from now (`{ afterMs, ambientC }`), interpolated. Throws a RangeError on a bad point.
   */
  setAmbientSchedule(points: readonly AmbientPoint[] | readonly unknown[]): void {
    const now = this.clock.now();
    const schedule = AmbientSchedule.from(points, now);
    this.catchUp(now);
    this.physics.ambientSchedule = schedule;
    this.physics.ambientC = schedule.at(now);
  }

  /** The true internal state, for tests and the `/__sim/state` route. */
  state(): SimMinerState {
    const now = this.clock.now();
    this.catchUp(now);
    const faults = this.faults.active(now);
    return describeState({
      model: this.model, profile: this.profile, settings: this.settings, physics: this.physics.snapshot(),
      counters: this.physics.counters, faults: [...faults], faultWindows: this.faults.pending(now), mac: this.mac,
      online: !faults.has('offline') && !this.physics.isUnreachable(now),
      rebooting: this.physics.isUnreachable(now), uptimeS: this.physics.uptimeS(now),
      ambientC: this.physics.ambientC, ambientSchedule: this.physics.ambientSchedule?.description ?? null,
      overheatTrips: this.physics.overheatTrips, identifying: now < this.identifyUntilMs,
    });
  }

  /** Integrates up to `now`, stopping at each second a timed fault starts or ends so the physics feels it on time. */
  private catchUp(now: number): void {
    for (const at of this.faults.changesBetween(this.physics.integratedTo(), now)) {
      this.physics.advanceTo(at);
      this.syncPhysicalFaults(at);
    }
    this.physics.advanceTo(now);
  }

  private syncPhysicalFaults(atMs: number): void {
    const faults = this.faults.active(atMs);
    this.physics.faults.flatline = faults.has('flatline');
    this.physics.faults.fanFailure = faults.has('fan-failure');
    this.physics.faults.blockedCooling = faults.has('overheat');
  }

  private route(request: SimRequest, now: number): SimResponse & { kind: 'answer' } {
    const path = request.path.split('?')[0] ?? '/';
    const method = request.method.toUpperCase();
    const { profile } = this;
    if (method === 'GET' && path === '/api/system/info') return this.json(this.info(now));
    if (method === 'GET' && path === '/api/system/asic') return this.json(asicInfo(this));
    if (method === 'GET' && path === '/api/system/statistics' && profile.family === 'esp-miner') {
      // The on-device history stays empty unless `statsFrequency` > 0; the simulator keeps none.
      return this.json({ currentTimestamp: now - this.physics.bootedAt(), labels: [], statistics: [] });
    }
    if (method === 'PATCH' && path === '/api/system') return this.patch(request.body);
    if (method === 'POST' && path === '/api/system/restart') {
      this.physics.scheduleReboot(now + RESTART.rebootDelayMs);
      this.resetReason = 'Software reset via esp_restart';
      return profile.restartAnswer === 'json' ? this.json({ message: RESTART_MESSAGE }) : text(200, RESTART_MESSAGE);
    }
    if (method === 'POST' && profile.pauseResume && (path === '/api/system/pause' || path === '/api/system/resume')) {
      this.physics.setPaused(path.endsWith('pause'));
      return this.json({ message: path.endsWith('pause') ? 'Mining paused' : 'Mining resumed' });
    }
    if (method === 'POST' && profile.identify && path === '/api/system/identify') {
      this.identifyUntilMs = now + 30_000;
      return this.json({ message: 'Identify mode on for 30 s' });
    }
    if (path.startsWith('/api/')) return { kind: 'answer', status: 404, contentType: JSON_TYPE, body: '{"error":"unknown route"}' };
    return { kind: 'answer', status: 200, contentType: 'text/html', body: '<!doctype html><html><head><title>AxeOS</title></head><body></body></html>' };
  }

  private patch(body: string | undefined): SimResponse & { kind: 'answer' } {
    const result = applyPatch(this.profile, this.settings, body);
    if (result.ok) return text(200, '');
    return text(400, this.profile.rejectsBadInput ? 'Wrong API input' : 'Invalid JSON');
  }

  private info(now: number): Record<string, JsonValue> {
    const context: InfoContext = {
      profile: this.profile, model: this.model, board: this.board, settings: this.settings,
      physics: this.physics.snapshot(), counters: this.physics.counters, seed: this.seed, mac: this.mac,
      ipv4: this.ipv4, nowMs: now, uptimeS: this.physics.uptimeS(now), resetReason: this.resetReason,
    };
    return this.profile.family === 'nerdqaxe' ? nerdqaxeInfo(context) : espMinerInfo(context);
  }

  private json(value: Record<string, JsonValue>): SimResponse & { kind: 'answer' } {
    return { kind: 'answer', status: 200, contentType: JSON_TYPE, body: serializeJson(value, this.profile.json) };
  }
}

function text(status: number, body: string): SimResponse & { kind: 'answer' } {
  return { kind: 'answer', status, contentType: TEXT_TYPE, body };
}

/** A body cut off mid-transfer, as a flaky Wi-Fi link delivers it: never valid JSON. */
function garble(body: string): string {
  if (body.length < 4) return '{"power":\u0000\u00ff';
  return `${body.slice(0, Math.floor(body.length * 0.6))}\u0000`;
}

function macFrom(random: SeededRandom): string {
  // Locally administered unicast prefix, so a simulated MAC never collides with a real vendor's.
  const bytes = [0x02, ...Array.from({ length: 5 }, () => random.int(256))];
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}
