import { axeosPage } from '../config/host.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { TypedEventBus } from '../core/events.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FleetEvents } from '../fleet/events.js';
import type { Store } from '../store/store.js';
import { AlertDelivery } from './delivery/alert-delivery.js';
import { AlertHistory } from './delivery/alert-history.js';
import { AlertService } from './engine/alert-service.js';
import { AlertDesk } from './desk.js';
import { buildDigest, type DigestMiner, type DigestNumbers } from './digest/digest.js';
import { DigestScheduler, type CreateCronTask } from './digest/digest-scheduler.js';
import { AlertEngine } from './engine/engine.js';
import { OutboxRepository } from '../messaging/outbox.js';
import { SqliteAlertStateStore } from './engine/sqlite-state-store.js';
import { SubscriptionRepository } from './delivery/subscriptions.js';
import type { AlertNotification } from './engine/notification.js';
import { configuredAlertChats } from './delivery/targets.js';
import type { PlatformRegistry } from '../messaging/platforms.js';

export interface CreateAlertingOptions {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  bus: TypedEventBus<FleetEvents>;
  /** The miners the digest reports on, with their database ids once known. */
  miners: () => DigestMiner[];
  /** The fleet's hashrate chart for the digest (chat/ builds it; alerts may not import chat/). */
  chart?: (fromMs: number, toMs: number) => Promise<Buffer | null>;
  /** The platforms: whether alerts can reach a chat, and the targets subscribed by config (notification channels). */
  platforms: Pick<PlatformRegistry, 'canDeliverTo' | 'standingSubscriptions'>;
  /** The digest's numbers off the event loop (the heavy-work thread); computed inline when absent. */
  digestNumbers?: (input: { miners: DigestMiner[]; now: number }) => Promise<DigestNumbers>;
  tickIntervalMs?: number;
  createCronTask?: CreateCronTask;
}

/** Everything alerting is made of, wired together; `main` starts the services and adds the outbox dispatcher. */
export interface Alerting {
  engine: AlertEngine;
  /** Restores the engine's state, listens to the fleet and ticks the engine. */
  service: AlertService;
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  history: AlertHistory;
  delivery: AlertDelivery;
  /** What chat commands use (`ChatServices.alerts`). */
  desk: AlertDesk;
  digest: DigestScheduler;
  /** Every message once it is safely in the outbox, for listeners besides chat (Home Assistant's alert events). */
  notifications: TypedEventBus<{ notification: AlertNotification }>;
}

export function createAlerting(options: CreateAlertingOptions): Alerting {
  const { config, store, clock, log } = options;
  const outbox = new OutboxRepository(store.db);
  const subscriptions = new SubscriptionRepository(store.db);
  const history = new AlertHistory(store, log);
  const alertChats = configuredAlertChats(config);
  const delivery = new AlertDelivery({
    outbox, subscriptions, history, alertChats, clock, log, timeZone: config.timezone,
    minerPage: (miner) => {
      const configured = config.miners.find((m) => m.name === miner);
      return configured ? axeosPage(configured.host) : null;
    },
    standing: () => options.platforms.standingSubscriptions(),
  });
  const notifications = new TypedEventBus<{ notification: AlertNotification }>((event, error) =>
    log.error({ event, err: errorMessage(error) }, 'alert notification listener failed'));
  const engine = new AlertEngine({
    config, clock, log, store: new SqliteAlertStateStore(store.db),
    onNotification: (notification) => {
      delivery.deliver(notification);
      notifications.emit('notification', notification);
    },
  });
  const service = new AlertService({
    engine, bus: options.bus, clock, log, ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
  });
  const schedule = { enabled: config.digest.enabled, time: config.digest.time, timeZone: config.timezone };
  const desk = new AlertDesk({
    engine, delivery, subscriptions, outbox, alertChats, clock, digest: schedule, platforms: options.platforms,
    buildDigest: async () => {
      const now = clock.now();
      const miners = options.miners();
      const numbers = options.digestNumbers
        ? await options.digestNumbers({ miners: miners.map(({ name, minerId }) => ({ name, minerId })), now })
        : undefined;
      return buildDigest({ store, config, miners, history, now, ...(options.chart ? { chart: options.chart } : {}), ...(numbers ? { numbers } : {}) });
    },
  });
  const digest = new DigestScheduler({
    ...schedule, log,
    send: async () => {
      await desk.sendDigest();
    },
    ...(options.createCronTask ? { createTask: options.createCronTask } : {}),
  });
  return { engine, service, outbox, subscriptions, history, delivery, desk, digest, notifications };
}
