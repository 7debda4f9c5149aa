import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ALL_COMMANDS } from '../commands/index.js';
import { createAlerting, type Alerting } from './alerts/alerting.js';
import { HttpTransport } from './axeos/http-transport.js';
import { MinerClient } from './axeos/client.js';
import { alertNotificationOf, AutopilotService, AUTOPILOT_ACTOR } from './autopilot/index.js';
import { BenchService } from './bench/service.js';
import { SettingsGuard } from './control/guard.js';
import { guardedMinerOf } from './control/fleet-miners.js';
import { RestoreRecoveryService } from './control/recovery-service.js';
import { RealClock, type Clock } from './core/clock.js';
import { errorMessage } from './core/errors.js';
import { Heartbeat, heartbeatIntervalMs } from './core/heartbeat.js';
import { ServiceHealth } from './core/service-health.js';
import type { Logger } from './core/logger.js';
import { closing, ServiceGroup } from './core/service.js';
import { minerBaseUrl, minerCredentials } from './config/host.js';
import type { Config } from './config/schema.js';
import { fleetViewOf } from './chat/fleet-view.js';
import { HeavyWorkThread } from './chat/heavy-work.js';
import { CommandRouter } from './chat/router.js';
import { ConsoleAdapter } from './chat/console/adapter.js';
import { ConsolePlatform } from './chat/console/platform.js';
import type { ConsoleScreen } from './chat/console/screen.js';
import { startDemoFleet } from './demo/demo-fleet.js';
import type { WarmAfternoon } from './demo/warm-afternoon.js';
import { DiscordAdapter } from './chat/discord/adapter.js';
import { DiscordPlatform } from './chat/discord/platform.js';
import { TelegramAdapter } from './chat/telegram/adapter.js';
import { telegramRegistration } from './chat/telegram/platform.js';
import { FleetCollector, type CollectedMiner } from './fleet/collector.js';
import { countedSender, EnergyMeter, PollStats, startIntegrations, type Integrations } from './integrations/index.js';
import { autopilotControlOf } from './integrations/mqtt/autopilot-control.js';
import { refuseDemoOverRealMiners } from './store/demo-guard.js';
import { openStore, type Store } from './store/store.js';
import { StoreMaintenance } from './store/maintenance.js';
import { OutboxDispatcher } from './messaging/dispatcher.js';
import { ChatPlatforms } from './messaging/platforms.js';
import { notificationChannels } from './messaging/channels/index.js';
import { announceChannelOff } from './messaging/channels/channel-off.js';
import { configuredAlertChats } from './alerts/delivery/targets.js';

export interface RunningService {
  store: Store;
  collector: FleetCollector;
  /** Last poll cycle and last write of samples: what `axepilot health` (and a future /healthz) judges. */
  health: ServiceHealth;
  /** Fleet charts, digests and exports off the event loop. */
  heavy: HeavyWorkThread;
  /** Chat commands, whichever platform they come from. */
  router: CommandRouter;
  /** Off (no token) unless `chat.telegram.token` is set; `sendTo` is how alerts reach Telegram. */
  telegram: TelegramAdapter;
  /** Off (no token) unless `chat.discord.token` is set; `sendTo` is how alerts reach Discord channels. */
  discord: DiscordAdapter;
  /** The alert engine and its delivery: outbox, dispatcher, subscriptions, the daily digest. */
  alerts: Alerting & { dispatcher: OutboxDispatcher };
  /** The HTTP endpoint, Home Assistant bridge and InfluxDB push (each null unless configured), and the metrics. */
  integrations: Integrations;
  /** Each miner's autopilot (off until the owner turns it on). */
  autopilot: AutopilotService;
  /** Stops everything in reverse order of start; the database closes last. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Resolves relative paths (the database); the working directory by default. */
  cwd?: string;
  /** Commands typed into the service's terminal (when stdin is one), answered as the local admin. */
  console?: { input: Readable; output: Writable; screen?: ConsoleScreen; logFile?: string };
  /** Where discord.js sends REST calls (tests point it at a fake on loopback); Discord's own API otherwise. */
  discordRestApi?: string;
}

/** The composition root: config → store → fleet → engines → chat. Nothing imports this file. */
export async function startService(options: StartOptions): Promise<RunningService> {
  const { config, log } = options;
  const clock = options.clock ?? new RealClock();
  const cwd = options.cwd ?? process.cwd();
  const databasePath = config.database === ':memory:' ? ':memory:' : resolve(cwd, config.database);

  // One ordered group: everything that must close is in it, started in order and stopped in reverse, the database last.
  const group = new ServiceGroup(log);
  const store = openStore({ path: databasePath, log, pollIntervalMs: config.pollIntervalSeconds * 1000 });
  await group.start(closing('database', () => store.close()));

  try {
    const miners: CollectedMiner[] = [];
    const transports: HttpTransport[] = [];
    // The guard writes through the same client (and so the same one-request-at-a-time queue) the collector polls with.
    const clients = new Map<string, MinerClient>();
    // Times every poll for /metrics; costs a subtraction per poll when nobody scrapes.
    const polls = new PollStats();
    // What the demo stages is said in the console once it is open, in the log until then (and without one).
    let say = (note: string): void => log.info(note);
    let demoIntro: string[] = [];
    let demoIncident: WarmAfternoon | null = null;
    if (config.miners.length === 0 && config.demo) {
      refuseDemoOverRealMiners(store.miners.list(), databasePath);
      log.info('demo mode: no miners are configured, so axepilot runs three simulated miners on 127.0.0.1');
      log.info('add your miners to config/axepilot.yaml (see config/axepilot.example.yaml) to watch real ones');
      const demo = await startDemoFleet({ store, clock, pollIntervalMs: config.pollIntervalSeconds * 1000, log, say: (note) => say(note) });
      const sim = demo.sims;
      await group.start(closing('simulated miners', () => sim.close()));
      demoIntro = demo.intro;
      demoIncident = demo.incident;
      for (const simMiner of sim.miners) {
        log.info({ miner: simMiner.name, url: simMiner.url }, 'simulated miner');
        miners.push(clientFor(simMiner.name, simMiner.url, transports, clients, clock, polls));
      }
    } else {
      for (const miner of config.miners) {
        miners.push(clientFor(miner.name, minerBaseUrl(miner.host), transports, clients, clock, polls, minerCredentials(miner.host)));
      }
      if (miners.length === 0) log.warn('no miners are configured and demo is off: nothing to poll');
    }
    await group.start(closing('miner connections', () => Promise.all(transports.map((t) => t.close()))));
    // The dispatcher stops before Telegram, but a send it started settles only when Telegram's queue stops: the outcome
    // must be recorded before the database closes, or the message would go out again after the restart.
    let outboxDispatcher: OutboxDispatcher | null = null;
    await group.start(closing('alert delivery (sends in flight)', () => outboxDispatcher?.settled()));

    const pollIntervalMs = config.pollIntervalSeconds * 1000;
    const health = new ServiceHealth({ clock, pollIntervalMs });
    const collector = new FleetCollector({
      miners, store, clock, log, pollIntervalMs, health,
      // The fleet's offline verdict (30 s) must not come later than the alert asked for (alerts.offlineSeconds ≥ 10).
      offlineAfterMs: Math.min(30_000, config.alerts.offlineSeconds * 1000),
    });
    // Before the collector, so it sees the first poll; stopped after it, so its last save has every poll.
    const energy = new EnergyMeter({ store, bus: collector.bus, clock, log, pollIntervalMs });
    await group.start(energy);
    await group.start(collector);
    await group.start(new StoreMaintenance({ store, clock, retention: config.retention, log }));
    if (databasePath !== ':memory:') {
      await group.start(new Heartbeat({ path: `${databasePath}.heartbeat`, clock, log, health, intervalMs: heartbeatIntervalMs(pollIntervalMs) }));
    }

    const fleet = fleetViewOf(collector);
    // Fleet charts and the digest read and draw for seconds on a week of 50 miners: in their own thread.
    const heavy = new HeavyWorkThread({ store, config, path: databasePath, pollIntervalMs, log });
    await group.start(heavy);
    // Every way to reach the owner, registered once below; alerts ask it what can be delivered, the outbox sends through it.
    const platforms = new ChatPlatforms();
    // ntfy, webhook, e-mail, Pushover, Gotify (notify:): registered before alerts start, so no alert misses them.
    for (const channel of notificationChannels(config.notify, { clock, log })) {
      platforms.register(channel);
      await group.start(channel.platform);
    }
    const alerting = createAlerting({
      config, store, clock, log, bus: collector.bus,
      miners: () => fleet.miners(),
      chart: async (fromMs, toMs) => {
        const miners = fleet.miners().map(({ name, minerId }) => ({ name, minerId }));
        return (await heavy.chart({ metric: 'hashrate', miners, fleet: true, rangeLabel: '24h', fromMs, toMs })).png;
      },
      digestNumbers: (input) => heavy.digestNumbers(input),
      platforms,
    });
    await group.start(alerting.service);

    const guard = new SettingsGuard({
      store, clock, log, limits: config.limits, timeZone: config.timezone,
      dailyWriteBudgets: { autopilot: config.autopilot.maxWritesPerDay },
      onRestartRequested: (miner, untilMs) => alerting.engine.expectRestart(miner, untilMs),
    });
    for (const loop of collector.miners) {
      const client = clients.get(loop.miner.name);
      if (client) guard.addMiner(guardedMinerOf(loop, client));
    }
    // Settings left behind by a benchmark that was killed (even kill -9) go back as soon as each miner answers.
    await group.start(new RestoreRecoveryService({ guard, log }));
    const bench = new BenchService({ guard, store, clock, log, config });
    await group.start(bench);
    const autopilot = new AutopilotService({
      store, clock, log, config, guard, bus: collector.bus,
      notify: (notice) => alerting.delivery.deliver(alertNotificationOf(notice)),
      startBenchmark: (miner) => {
        try {
          bench.begin({ miner, mode: 'quick', objective: 'efficiency', actor: AUTOPILOT_ACTOR });
        } catch (error) {
          log.warn({ miner, err: errorMessage(error) }, 'nightly re-benchmark could not start');
        }
      },
    });
    await group.start(autopilot);

    const router = new CommandRouter({
      commands: ALL_COMMANDS,
      services: {
        fleet, store, config, clock, alerts: alerting.desk, guard, bench, heavy, autopilot,
        ...(databasePath === ':memory:' ? {} : { filesDir: resolve(dirname(databasePath), 'tmp') }),
      },
      clock,
      log,
      access: () => ({ admins: config.chat.admins, viewers: config.chat.viewers }),
    });
    const telegram = new TelegramAdapter({
      token: config.chat.telegram.token, apiRoot: config.chat.telegram.apiRoot, router, clock, log,
      onChatReachable: (chatId) => outboxDispatcher?.chatReachable({ platform: 'telegram', chatId }),
    });
    await group.start(telegram);
    const discord = new DiscordAdapter({
      token: config.chat.discord.token, alertChannelId: config.chat.discord.alertChannelId, router, clock, log,
      criticalMention: config.chat.discord.criticalMention,
      ...(config.chat.discord.guildId ? { guildIds: [config.chat.discord.guildId] } : {}),
      ...(options.discordRestApi ? { restApi: options.discordRestApi } : {}),
    });
    await group.start(discord);
    const consoleChat = options.console
      ? new ConsoleAdapter({
        router, log, ...options.console, intro: demoIntro, now: () => clock.now(),
        outDir: databasePath === ':memory:' ? resolve(cwd, 'data/out') : resolve(dirname(databasePath), 'out'),
      })
      : null;
    platforms.register(telegramRegistration(telegram)).register(new DiscordPlatform(discord)).register(new ConsolePlatform(consoleChat));
    bench.useMessaging(platforms);
    const integrations = await startIntegrations({
      config, store, databasePath, collector, energy, polls, guard, alerting, clock, log, group, serviceHealth: health,
      chat: () => ({ telegram: { enabled: telegram.enabled }, discord: { enabled: discord.enabled } }),
      autopilot: autopilotControlOf(autopilot, clock),
    });
    autopilot.useActivity(integrations.metrics);
    const alertSender = countedSender(platforms, (platform, outcome) => integrations.metrics.notificationSent(platform, outcome));
    outboxDispatcher = new OutboxDispatcher({
      outbox: alerting.outbox, clock, log, sender: alertSender,
      onChatMoved: (from, to) => alerting.subscriptions.move(from, to.chatId, clock.now()),
      onPlatformOff: announceChannelOff({
        admins: config.chat.admins, alertChats: configuredAlertChats(config), platforms,
        queue: (input) => alerting.delivery.queueMessage(input), clock, log,
      }),
    });
    await group.start(outboxDispatcher);
    // Critical alerts that cannot be stored (the database is what fails) still go out, directly.
    alerting.delivery.useDirectSender(alertSender);
    await group.start(alerting.digest);
    if (consoleChat) {
      await group.start(consoleChat);
      say = (note) => consoleChat.print(note);
      // The demo shows its alerts where the newcomer is looking, unless they said /unsubscribe there before.
      const here = { platform: 'console', chatId: 'local' };
      if (demoIncident && !alerting.subscriptions.get(here)) {
        alerting.subscriptions.subscribe({ ...here, minSeverity: 'warning', by: 'demo', now: clock.now() });
      }
    }
    if (demoIncident) await group.start(demoIncident);

    let stopping: Promise<void> | null = null;
    return {
      store,
      collector,
      health,
      heavy,
      router,
      telegram,
      discord,
      alerts: { ...alerting, dispatcher: outboxDispatcher },
      integrations,
      autopilot,
      stop: () => {
        stopping ??= group.stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await group.stopAll();
    throw error;
  }
}

function clientFor(
  name: string, baseUrl: string, transports: HttpTransport[], clients: Map<string, MinerClient>, clock: Clock, polls: PollStats,
  credentials: { username: string; password: string } | null = null,
): CollectedMiner {
  const transport = new HttpTransport({ baseUrl, credentials });
  transports.push(transport);
  const client = new MinerClient({ name, transport, clock });
  clients.set(name, client);
  return { name, host: baseUrl, client: polls.instrument(name, client, clock) };
}
