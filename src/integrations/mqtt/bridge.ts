/**
 * Home Assistant over MQTT: device-based discovery for every miner plus a bridge device, retained availability (the
 * bridge's is the connection's last will), retained JSON state at most every `stateIntervalSeconds` and only when it
 * changed, alerts as HA `event`s, and — only with `allowControls` — commands carried out through the settings guard.
 * Uses `mqtt.connect` rather than awaiting `connectAsync`: the client keeps retrying a broker that is down, and every
 * (re)connection republishes availability, discovery and state.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import type { AlertNotification } from '../../alerts/engine/notification.js';
import type { Config } from '../../config/schema.js';
import { isAbortError, type Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { TypedEventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import type { Service } from '../../core/service.js';
import type { FleetEvents } from '../../fleet/events.js';
import type { WatchedMiner, WatchedMiners } from '../watched-miners.js';
import type { AutopilotControl } from './autopilot-port.js';
import { runControl, type ControlGuard } from './controls.js';
import { AnnouncedDevices } from './announced-devices.js';
import { ALERT_EVENT_TYPES, bridgeDiscovery, CONTROL_REFUSED, minerDiscovery, type DiscoveryContext } from './discovery.js';
import { minerState } from './state.js';
import { OFFLINE, ONLINE, Topics } from './topics.js';

export interface MqttBridgeOptions {
  config: Config['mqtt'];
  miners: WatchedMiners;
  bus: TypedEventBus<FleetEvents>;
  clock: Clock;
  log: Logger;
  /** The settings guard; commands are refused without one. */
  guard: ControlGuard | null;
  autopilot?: AutopilotControl | null;
  /** Subscribes to the alert engine's notifications; returns the unsubscribe. */
  alerts?: (listener: (notification: AlertNotification) => void) => () => void;
  /** How long between reconnection attempts (ms). */
  reconnectPeriodMs?: number;
}

export class MqttBridge implements Service {
  readonly name = 'mqtt bridge';
  readonly topics: Topics;
  private client: MqttClient | null = null;
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private unsubscribe: Array<() => void> = [];
  /** What the broker holds from us, to publish only changes: topic → payload. */
  private readonly published = new Map<string, string>();
  private readonly announced = new AnnouncedDevices();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: MqttBridgeOptions) {
    this.topics = new Topics({ baseTopic: options.config.baseTopic, discoveryPrefix: options.config.discoveryPrefix });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async start(): Promise<void> {
    const { config, log } = this.options;
    // Loaded only when MQTT is on: the library is a good part of axepilot's start-up time on a Raspberry Pi.
    const { connect } = await import('mqtt');
    const clientOptions: IClientOptions = {
      clientId: `${config.baseTopic}-${Math.random().toString(16).slice(2, 10)}`,
      ...(config.username ? { username: config.username } : {}),
      ...(config.password ? { password: config.password } : {}),
      will: { topic: this.topics.bridgeAvailability, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
      reconnectPeriod: this.options.reconnectPeriodMs ?? 5_000,
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
    };
    const client = connect(config.url, clientOptions);
    this.client = client;
    client.on('connect', () => {
      // A state round for a large fleet is one publish per miner in a burst; each waiting write adds a 'drain'
      // listener to the socket, which at 1,000 miners passes Node's leak-warning threshold though nothing leaks.
      client.stream.setMaxListeners(0);
      this.track(this.onConnect());
    });
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload.toString('utf8'), packet.retain));
    let lastError = '';
    client.on('error', (error) => {
      // A broker that stays down would log the same line every few seconds.
      const text = redactSecrets(errorMessage(error));
      if (text !== lastError) log.warn({ url: config.url, err: text }, 'MQTT connection problem; retrying');
      lastError = text;
    });
    client.on('close', () => {
      for (const key of [...this.published.keys()]) this.published.delete(key);
    });
    this.unsubscribe = [
      this.options.bus.on('online', ({ miner }) => this.publishAvailability(miner.name, true)),
      this.options.bus.on('offline', ({ miner }) => this.publishAvailability(miner.name, false)),
      ...(this.options.alerts ? [this.options.alerts((notification) => this.publishAlert(notification))] : []),
    ];
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.options.clock.sleep(config.stateIntervalSeconds * 1000, signal);
        this.publishStates();
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) log.error({ err: errorMessage(error) }, 'MQTT state publishing stopped');
    });
    log.info({ url: config.url, baseTopic: config.baseTopic, controls: config.allowControls }, 'MQTT bridge started');
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.abort.abort();
    await this.loop;
    await this.idle();
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      // Said on purpose, so HA marks everything unavailable now rather than at the broker's keep-alive timeout.
      if (client.connected) await client.publishAsync(this.topics.bridgeAvailability, OFFLINE, { qos: 1, retain: true });
    } catch (error) {
      this.options.log.warn({ err: errorMessage(error) }, 'cannot tell the broker axepilot is going offline');
    }
    await client.endAsync();
  }

  /** Resolves when every command and (re)connection step started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Publishes each miner's state (and discovery, when its device changed) that differs from what the broker holds.
   * The state loop calls it every `stateIntervalSeconds`; public for benches and tests.
   */
  publishStates(): number {
    if (!this.connected) return 0;
    let sent = 0;
    const miners = this.options.miners.list();
    for (const miner of miners) {
      this.publishDiscovery(miner);
      const state = minerState(miner, this.options.autopilot?.status(miner.name) ?? null);
      if (state && this.publishIfChanged(this.topics.state(miner.key), JSON.stringify(state), 0)) sent++;
    }
    const online = miners.filter((m) => m.online).length;
    this.publishIfChanged(this.topics.bridgeState, JSON.stringify({ miners: miners.length, online }), 0);
    return sent;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.log.warn({ err: errorMessage(error) }, 'MQTT publish failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async onConnect(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.published.clear();
    await client.publishAsync(this.topics.bridgeAvailability, ONLINE, { qos: 1, retain: true });
    const subscriptions = [this.topics.homeAssistantStatus, this.topics.allDeviceConfigs];
    if (this.options.config.allowControls) subscriptions.push(this.topics.allCommands);
    await client.subscribeAsync(subscriptions, { qos: 1 });
    this.publishEverything();
    this.options.log.info({ url: this.options.config.url }, 'MQTT connected; Home Assistant discovery published');
  }

  /** Discovery, availability and state of everything, whatever the broker held before. */
  private publishEverything(): void {
    this.published.clear();
    this.publishIfChanged(this.topics.deviceConfig(this.topics.bridgeDeviceId), JSON.stringify(bridgeDiscovery(this.topics, `axepilot (${this.options.config.baseTopic})`)), 1);
    for (const miner of this.options.miners.list()) {
      if (miner.telemetry) this.publishIfChanged(this.topics.availability(miner.key), miner.online ? ONLINE : OFFLINE, 1);
    }
    this.publishStates();
  }

  private publishDiscovery(miner: WatchedMiner): void {
    const config = minerDiscovery(miner, this.discoveryContext());
    if (!config) return;
    const deviceId = this.topics.deviceId(miner.key);
    for (const earlier of this.announced.takeReplaced(miner.name, deviceId)) this.clearDevice(earlier, miner.name);
    this.announced.remember(miner.name, deviceId);
    this.publishIfChanged(this.topics.deviceConfig(deviceId), JSON.stringify(config), 1);
  }

  /** Removes an earlier board's device from Home Assistant, with its retained state and availability. */
  private clearDevice(deviceId: string, name: string): void {
    this.options.log.info({ miner: name, device: deviceId }, 'removing the Home Assistant device of a board this miner no longer runs on (its MAC changed)');
    const key = this.topics.minerKeyOfDevice(deviceId);
    const topics = [this.topics.deviceConfig(deviceId), ...(key === null ? [] : [this.topics.state(key), this.topics.availability(key)])];
    for (const topic of topics) {
      this.published.delete(topic);
      this.client?.publish(topic, '', { qos: 1, retain: true });
    }
  }

  private discoveryContext(): DiscoveryContext {
    return { topics: this.topics, allowControls: this.options.config.allowControls, autopilot: this.options.autopilot ?? null };
  }

  /** Retained publish unless the broker already holds this payload from us; true when sent. */
  private publishIfChanged(topic: string, payload: string, qos: 0 | 1): boolean {
    const client = this.client;
    if (!client?.connected || this.published.get(topic) === payload) return false;
    this.published.set(topic, payload);
    client.publish(topic, payload, { qos, retain: true }, (error) => {
      if (!error) return;
      this.published.delete(topic);
      this.options.log.warn({ topic, err: errorMessage(error) }, 'MQTT publish failed');
    });
    return true;
  }

  private publishAvailability(name: string, online: boolean): void {
    const miner = this.options.miners.byName(name);
    if (!miner?.telemetry) return;
    this.publishIfChanged(this.topics.availability(miner.key), online ? ONLINE : OFFLINE, 1);
  }

  private publishEvent(minerKey: string, event: Record<string, unknown>): void {
    // Events are moments, not state: never retained, or HA would replay an old alert on every restart.
    this.client?.publish(this.topics.event(minerKey), JSON.stringify(event), { qos: 1, retain: false });
  }

  private publishAlert(notification: AlertNotification): void {
    if (!ALERT_EVENT_TYPES.includes(notification.rule)) return;
    for (const name of notification.miners) {
      const miner = this.options.miners.byName(name);
      if (!miner) continue;
      this.publishEvent(miner.key, {
        event_type: notification.rule, kind: notification.kind, severity: notification.severity, text: notification.text,
      });
    }
  }

  private onMessage(topic: string, payload: string, retained: boolean): void {
    if (topic === this.topics.homeAssistantStatus) {
      // HA restarted: its birth message asks every device to announce itself again.
      if (payload.trim() === ONLINE) this.publishEverything();
      return;
    }
    const deviceId = this.topics.deviceIdOfConfig(topic);
    if (deviceId !== null) {
      if (retained) this.removeIfGone(deviceId, topic, payload);
      return;
    }
    const command = this.topics.parseCommand(topic);
    if (command && !retained) this.track(this.onCommand(command.minerKey, command.control, payload));
  }

  /** A miner device we announced earlier whose miner is no longer configured: clear its retained config. */
  private removeIfGone(deviceId: string, topic: string, payload: string): void {
    if (payload === '' || deviceId === this.topics.bridgeDeviceId) return;
    let config: { state_topic?: unknown; device?: { name?: unknown } };
    try {
      config = JSON.parse(payload) as typeof config;
    } catch {
      return; // not a config we wrote
    }
    if (typeof config.state_topic !== 'string' || !config.state_topic.startsWith(`${this.options.config.baseTopic}/`)) return;
    const miners = this.options.miners.list();
    const owner = miners.find((m) => this.topics.deviceId(m.key) === deviceId || m.name === config.device?.name);
    if (owner) {
      // Its own device, or its earlier board's: judged when it has answered and its device (its MAC) is known.
      this.announced.remember(owner.name, deviceId);
      return;
    }
    this.options.log.info({ device: deviceId }, 'removing the Home Assistant device of a miner no longer configured');
    this.client?.publish(topic, '', { qos: 1, retain: true });
  }

  private async onCommand(minerKey: string, control: string, payload: string): Promise<void> {
    if (!this.options.config.allowControls) return;
    const miner = this.options.miners.list().find((m) => m.key === minerKey);
    if (!miner) {
      this.options.log.warn({ miner: minerKey, control }, 'MQTT command for an unknown miner ignored');
      return;
    }
    const outcome = this.options.guard
      ? await runControl({ miner: miner.name, control, payload, guard: this.options.guard, autopilot: this.options.autopilot ?? null })
      : { ok: false, reason: 'settings changes are not available in this axepilot' };
    if (outcome.ok) {
      this.options.log.info({ miner: miner.name, control, value: payload }, 'Home Assistant control carried out');
      return;
    }
    this.options.log.info({ miner: miner.name, control, value: payload, reason: outcome.reason }, 'Home Assistant control refused');
    this.publishEvent(miner.key, { event_type: CONTROL_REFUSED, control, value: payload, reason: outcome.reason });
  }
}
