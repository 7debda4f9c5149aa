import { z } from 'zod';
import { minerBaseUrl } from './host.js';
import { autopilotSchema } from './autopilot-schema.js';
import { notifySchema } from './notify-schema.js';

/**
 * The one source of truth for axepilot's configuration: types, defaults and validation. Every key is documented in
 * config/axepilot.example.yaml.
 */

export { minerBaseUrl };

const hostString = z
  .string()
  .trim()
  .min(1, 'is empty')
  .refine(
    (host) => {
      try {
        minerBaseUrl(host);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not an IP address, hostname or http:// URL' },
  )
  .refine((host) => !/[?#]/.test(host), {
    // AxeOS reads nothing from a query; keeping one silently (or sending a secret in it) helps nobody.
    message: 'has a query (?…) or fragment (#…), which axepilot does not send to the miner; remove it (user:password@ is supported)',
  });

/** Alert thresholds a single miner may override (a Gamma 602 whose VR idles at 70 °C, a miner in a hot attic). */
const minerLimitsSchema = z.strictObject({
  chipTempWarnC: z.number().min(30).max(100).optional(),
  chipTempCritC: z.number().min(30).max(100).optional(),
  vrTempWarnC: z.number().min(30).max(130).optional(),
  vrTempCritC: z.number().min(30).max(130).optional(),
});

const minerSchema = z.strictObject({
  name: z.string().trim().min(1, 'is empty').max(40, 'is longer than 40 characters'),
  host: hostString,
  limits: minerLimitsSchema.optional(),
});

const chatIdList = z.array(z.string().regex(/^(telegram|discord|console):-?\d+$|^console:local$/, 'must look like telegram:123456789 or discord:987654321'));

/** `host:port` for a listening socket. */
const listenAddress = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9321 or 0.0.0.0:9321');

/** One MQTT topic level as Home Assistant accepts it in ids. */
const mqttTopicWord = z.string().regex(/^[a-zA-Z0-9_-]+$/, 'may hold only letters, digits, _ and -');

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const configSchema = z.strictObject({
  miners: z.array(minerSchema).default([]),
  pollIntervalSeconds: z.number().min(2, 'must be at least 2 seconds').max(3600).default(5),
  database: z.string().min(1).default('data/axepilot.db'),
  timezone: z
    .string()
    .default(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'is not a known IANA time zone (e.g. Europe/Berlin)' },
    ),
  /** With no miners configured, run three simulated miners so a newcomer sees the service work. */
  demo: z.boolean().default(true),
  retention: z
    .strictObject({
      rawDays: z.number().positive().default(7),
      minuteDays: z.number().positive().default(90),
      hourDays: z.number().positive().default(730),
      /** Events (connections, reboots, alerts) and the settings audit log. */
      eventDays: z.number().positive().default(730),
    })
    .prefault({}),
  limits: z
    .strictObject({
      chipTempWarnC: z.number().min(30).max(100).default(70),
      chipTempCritC: z.number().min(30).max(100).default(75),
      vrTempWarnC: z.number().min(30).max(130).default(90),
      vrTempCritC: z.number().min(30).max(130).default(105),
      /** Hard ceilings for any write; null = the device's own options decide. */
      maxFrequencyMhz: z.number().positive().nullable().default(null),
      maxCoreVoltageMv: z.number().positive().nullable().default(null),
      /** Allow settings beyond the device's own frequencyOptions/voltageOptions (still within the ceilings above). */
      allowOverclock: z.boolean().default(false),
      /** A manual fan below this is refused: the firmware's own floor is 25 %, and 0 % on a hashing chip cooks it. */
      minManualFanPct: z.number().min(0).max(100).default(20),
      /** Settings live in the ESP32's flash; bound how often axepilot rewrites them per miner. */
      minWriteIntervalSeconds: z.number().min(0).max(3600).default(5),
      maxWritesPerHour: z.number().int().min(1).max(10_000).default(60),
    })
    .prefault({}),
  chat: z
    .strictObject({
      admins: chatIdList.default([]),
      viewers: chatIdList.default([]),
      theme: z.enum(['light', 'dark']).default('light'),
      telegram: z
        .strictObject({
          token: z.string().nullable().default(null),
          apiRoot: z.string().url().nullable().default(null),
          alertChatIds: z.array(z.union([z.number().int(), z.string().regex(/^-?\d+$/)])).default([]),
        })
        .prefault({}),
      discord: z
        .strictObject({
          token: z.string().nullable().default(null),
          alertChannelId: z.string().nullable().default(null),
          /** Register the slash commands in this server only: they update at once, and no other server sees them. */
          guildId: z.string().regex(/^\d{17,20}$/, 'must be a server id (17–20 digits; Developer Mode → right-click the server → Copy Server ID)').nullable().default(null),
          /** Pinged on critical alerts, for members whose notifications are "Only @mentions": `<@&ROLE_ID>` or `<@USER_ID>`. */
          criticalMention: z
            .string()
            .regex(/^(<@&?\d{17,20}>|(role|user):\d{17,20})$/, 'must look like <@&ROLE_ID> (a role), <@USER_ID> (a person), role:ID or user:ID')
            .nullable()
            .default(null),
        })
        .prefault({}),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      /** Reminders while an alert keeps firing (never for info-level); 0 = no reminders. */
      repeatMinutes: z.number().min(0).default(60),
      /** Alerts of one rule on several miners within this window go out as one message. */
      groupWindowSeconds: z.number().min(0).max(300).default(10),
      /** Degrees below a temperature threshold before an alert resolves, so a value on the line does not flap. */
      hysteresisC: z.number().min(0).max(20).default(3),
      offlineSeconds: z.number().min(10).default(60),
      flatlineMinutes: z.number().min(0.5).default(2),
      lowHashratePct: z.number().min(1).max(100).default(80),
      lowHashrateMinutes: z.number().min(1).default(10),
      rejectedPctMax: z.number().min(0).max(100).default(5),
      /** Non-critical messages are delivered silently in this window (local time); critical ones still ring. */
      quietHours: z.strictObject({ from: timeOfDay, to: timeOfDay }).nullable().default(null),
    })
    .prefault({}),
  bench: z
    .strictObject({
      /** A point passes only at ≥ this % of expected hashrate (community practice: 94). */
      minHashratePct: z.number().min(50).max(100).default(94),
      /** ASIC error rate ceiling in % (error-aware forks reject above 3.5). */
      maxErrorPct: z.number().min(0).max(100).default(2),
      maxChipTempC: z.number().min(40).max(75).default(68),
      maxVrTempC: z.number().min(40).max(105).default(90),
      /** null = the model's own limit (40 W on 5 V boards). */
      maxPowerW: z.number().positive().nullable().default(null),
    })
    .prefault({}),
  energy: z
    .strictObject({
      pricePerKwh: z.number().min(0).default(0),
      currency: z.string().min(1).max(8).default('EUR'),
    })
    .prefault({}),
  digest: z
    .strictObject({
      enabled: z.boolean().default(true),
      time: timeOfDay.default('08:00'),
    })
    .prefault({}),
  /** The HTTP endpoint for orchestrators and Prometheus: /healthz, /metrics, /sd/miners. */
  http: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** host:port; 0.0.0.0 lets another machine (Prometheus, an uptime monitor) reach it. */
      listen: listenAddress.default('127.0.0.1:9321'),
      /** When set, every request needs `Authorization: Bearer <token>`. Env: AXEPILOT_HTTP_TOKEN. */
      token: z.string().min(1).nullable().default(null),
    })
    .prefault({}),
  /** Home Assistant (and any MQTT consumer) through an MQTT broker, with discovery. */
  mqtt: z
    .strictObject({
      enabled: z.boolean().default(false),
      url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must start with mqtt://, mqtts://, ws:// or wss://').default('mqtt://127.0.0.1:1883'),
      /** Env: AXEPILOT_MQTT_USERNAME / AXEPILOT_MQTT_PASSWORD. */
      username: z.string().nullable().default(null),
      password: z.string().nullable().default(null),
      /** Topic root; one per axepilot instance when several share a broker. */
      baseTopic: mqttTopicWord.default('axepilot'),
      discoveryPrefix: mqttTopicWord.default('homeassistant'),
      stateIntervalSeconds: z.number().min(1).max(3600).default(30),
      /** Restart, pause and frequency/voltage from Home Assistant, each through the settings guard. */
      allowControls: z.boolean().default(false),
    })
    .prefault({}),
  export: z
    .strictObject({
      /** Pushes line protocol to InfluxDB v2 (org + bucket) or v1/VictoriaMetrics/Telegraf (db). */
      influx: z
        .strictObject({
          enabled: z.boolean().default(false),
          url: z.string().url().nullable().default(null),
          org: z.string().min(1).nullable().default(null),
          bucket: z.string().min(1).nullable().default(null),
          db: z.string().min(1).nullable().default(null),
          /** Env: AXEPILOT_INFLUX_TOKEN. */
          token: z.string().min(1).nullable().default(null),
          intervalSeconds: z.number().min(1).max(3600).default(30),
          /** Lines kept while the server is unreachable; the oldest go first beyond this. */
          maxBufferedLines: z.number().int().min(100).max(10_000_000).default(100_000),
        })
        .prefault({}),
    })
    .prefault({}),
  autopilot: autopilotSchema(timeOfDay),
  /** ntfy, webhook, e-mail, Pushover, Gotify: alert channels beside the chats (notify-schema.ts). */
  notify: notifySchema(timeOfDay),
});

export type Config = z.output<typeof configSchema>;
export type MinerConfig = Config['miners'][number];
