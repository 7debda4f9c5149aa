import { z } from 'zod';

/**
 * The `notify:` section (documented in config/axepilot.example.yaml): notification channels beyond the chats, each
 * an alert subscriber with its own minimum level and quiet hours. Off until `enabled: true`; the secrets come from the
 * environment as the chat tokens do (load.ts) and are redacted wherever the config is printed.
 */

const SEVERITIES = ['info', 'warning', 'critical'] as const;

const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/i, 'must be an http:// or https:// URL');

/** What every channel has: whether it is on, which alerts it gets, when it stays silent. The digest goes to each. */
function subscription(timeOfDay: z.ZodString, defaults: { minSeverity: (typeof SEVERITIES)[number] }) {
  return {
    enabled: z.boolean().default(false),
    /** The lowest severity this channel is told of; good news counts as info, a block found as critical. */
    minSeverity: z.enum(SEVERITIES).default(defaults.minSeverity),
    /** In this window (local time) non-critical messages arrive without sound (ntfy/Pushover/Gotify priority low). */
    quietHours: z.strictObject({ from: timeOfDay, to: timeOfDay }).nullable().default(null),
  };
}

/** A key an enabled channel cannot work without: named in the config's own words, all in one run. */
function requireWhenEnabled<T extends { enabled: boolean }>(keys: Array<keyof T & string>) {
  return (channel: T, ctx: z.core.$RefinementCtx<T>): void => {
    if (!channel.enabled) return;
    for (const key of keys) {
      const value = channel[key];
      if (value === null || (Array.isArray(value) && value.length === 0)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is needed when the channel is enabled' });
      }
    }
  };
}

export function notifySchema(timeOfDay: z.ZodString) {
  const ntfy = z
    .strictObject({
      ...subscription(timeOfDay, { minSeverity: 'warning' }),
      /** https://ntfy.sh or a self-hosted server. */
      url: httpUrl.default('https://ntfy.sh'),
      topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'may hold only letters, digits, - and _ (at most 64)').nullable().default(null),
      /** An access token (tk_…) for a protected topic. Env: AXEPILOT_NTFY_TOKEN. */
      token: z.string().min(1).nullable().default(null),
    })
    .superRefine(requireWhenEnabled(['topic']))
    .prefault({});
  const webhook = z
    .strictObject({
      ...subscription(timeOfDay, { minSeverity: 'info' }),
      url: httpUrl.nullable().default(null),
      /** When set, every request carries `X-Axepilot-Signature: sha256=<HMAC of the body>`. Env: AXEPILOT_WEBHOOK_SECRET. */
      secret: z.string().min(1).nullable().default(null),
    })
    .superRefine(requireWhenEnabled(['url']))
    .prefault({});
  const email = z
    .strictObject({
      ...subscription(timeOfDay, { minSeverity: 'warning' }),
      host: z.string().trim().min(1).nullable().default(null),
      port: z.number().int().min(1).max(65_535).default(587),
      /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (587, 25). */
      secure: z.boolean().default(false),
      /** Env: AXEPILOT_SMTP_USERNAME / AXEPILOT_SMTP_PASSWORD. */
      username: z.string().min(1).nullable().default(null),
      password: z.string().min(1).nullable().default(null),
      from: z.string().trim().min(3).nullable().default(null),
      to: z.array(z.string().trim().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')).default([]),
    })
    .superRefine(requireWhenEnabled(['host', 'from', 'to']))
    .prefault({});
  const pushover = z
    .strictObject({
      ...subscription(timeOfDay, { minSeverity: 'warning' }),
      /** The application's API token. Env: AXEPILOT_PUSHOVER_TOKEN. */
      token: z.string().min(1).nullable().default(null),
      /** Your user (or group) key. Env: AXEPILOT_PUSHOVER_USER. */
      user: z.string().min(1).nullable().default(null),
      /** Only for a test server; Pushover itself is https://api.pushover.net. */
      apiRoot: httpUrl.default('https://api.pushover.net'),
    })
    .superRefine(requireWhenEnabled(['token', 'user']))
    .prefault({});
  const gotify = z
    .strictObject({
      ...subscription(timeOfDay, { minSeverity: 'warning' }),
      url: httpUrl.nullable().default(null),
      /** An application token. Env: AXEPILOT_GOTIFY_TOKEN. */
      token: z.string().min(1).nullable().default(null),
    })
    .superRefine(requireWhenEnabled(['url', 'token']))
    .prefault({});
  return z.strictObject({ ntfy, webhook, email, pushover, gotify }).prefault({});
}

/**
 * `notify.<channel>.<key>` filled from the environment: the same names the example config documents. `secret`: a key
 * `config check` and the logs never show (an SMTP user name is not one).
 */
export const NOTIFY_ENV: ReadonlyArray<{ variable: string; channel: string; key: string; secret: boolean }> = [
  { variable: 'AXEPILOT_NTFY_TOKEN', channel: 'ntfy', key: 'token', secret: true },
  { variable: 'AXEPILOT_WEBHOOK_SECRET', channel: 'webhook', key: 'secret', secret: true },
  { variable: 'AXEPILOT_SMTP_USERNAME', channel: 'email', key: 'username', secret: false },
  { variable: 'AXEPILOT_SMTP_PASSWORD', channel: 'email', key: 'password', secret: true },
  { variable: 'AXEPILOT_PUSHOVER_TOKEN', channel: 'pushover', key: 'token', secret: true },
  { variable: 'AXEPILOT_PUSHOVER_USER', channel: 'pushover', key: 'user', secret: true },
  { variable: 'AXEPILOT_GOTIFY_TOKEN', channel: 'gotify', key: 'token', secret: true },
];

/** The keys `config check` and the logs never show. */
export const NOTIFY_SECRETS: ReadonlyArray<{ channel: string; key: string }> = NOTIFY_ENV.filter((entry) => entry.secret);
