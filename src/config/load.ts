import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import { crossCheck, formatPath, plainIssue } from './problems.js';
import { NOTIFY_ENV, NOTIFY_SECRETS } from './notify-schema.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/axepilot.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when none exists and defaults apply. */
  path: string | null;
}

export { formatPath };

/** Secrets and paths that the environment may override (Docker and systemd set these rather than edit a file). */
function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = structuredClone(raw);
  const chat = (out.chat ??= {}) as Record<string, unknown>;
  const telegram = (chat.telegram ??= {}) as Record<string, unknown>;
  const discord = (chat.discord ??= {}) as Record<string, unknown>;
  if (env.AXEPILOT_DB) out.database = env.AXEPILOT_DB;
  if (env.TELEGRAM_BOT_TOKEN) telegram.token = env.TELEGRAM_BOT_TOKEN;
  if (env.TELEGRAM_API_ROOT) telegram.apiRoot = env.TELEGRAM_API_ROOT;
  if (env.DISCORD_TOKEN) discord.token = env.DISCORD_TOKEN;
  const http = (out.http ??= {}) as Record<string, unknown>;
  const mqtt = (out.mqtt ??= {}) as Record<string, unknown>;
  const influx = (((out.export ??= {}) as Record<string, unknown>).influx ??= {}) as Record<string, unknown>;
  if (env.AXEPILOT_HTTP_TOKEN) http.token = env.AXEPILOT_HTTP_TOKEN;
  if (env.AXEPILOT_MQTT_USERNAME) mqtt.username = env.AXEPILOT_MQTT_USERNAME;
  if (env.AXEPILOT_MQTT_PASSWORD) mqtt.password = env.AXEPILOT_MQTT_PASSWORD;
  if (env.AXEPILOT_INFLUX_TOKEN) influx.token = env.AXEPILOT_INFLUX_TOKEN;
  const notify = (out.notify ??= {}) as Record<string, Record<string, unknown>>;
  for (const { variable, channel, key } of NOTIFY_ENV) {
    const value = env[variable];
    if (value) (notify[channel] ??= {})[key] = value;
  }
  return out;
}

/** Validates raw settings (already parsed from YAML) plus environment overrides. Throws ConfigError listing all. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, source = 'configuration'): Config {
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(source, ['(top level): must be a mapping of keys to values']);
  }
  const input = applyEnvironment((raw ?? {}) as Record<string, unknown>, env);
  const result = configSchema.safeParse(input, { reportInput: true });
  // Field errors and problems between fields in one list: an owner fixes everything in one round.
  const problems = [...(result.success ? [] : result.error.issues.map(plainIssue)), ...crossCheck(input)];
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return result.data;
}

/** Reads the YAML file (AXEPILOT_CONFIG, else config/axepilot.yaml; a missing file means defaults). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const explicit = env.AXEPILOT_CONFIG;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(path, [`(file): not found`]);
    return { config: parseConfig({}, env, 'defaults'), path: null };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`(file): cannot be read (${(error as Error).message})`]);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      path,
      document.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0] ?? e.message}`),
    );
  }
  return { config: parseConfig(document.toJS(), env, path), path };
}

/**
 * The effective configuration with secrets replaced, for `axepilot config check`: the tokens, and in every text
 * (miner addresses, the Bot API root) a URL's user:password and query values.
 */
export function redactConfig(config: Config): Config {
  const copy = redactStrings(structuredClone(config)) as Config;
  if (copy.chat.telegram.token) copy.chat.telegram.token = '[REDACTED]';
  if (copy.chat.discord.token) copy.chat.discord.token = '[REDACTED]';
  if (copy.http.token) copy.http.token = '[REDACTED]';
  if (copy.mqtt.password) copy.mqtt.password = '[REDACTED]';
  if (copy.export.influx.token) copy.export.influx.token = '[REDACTED]';
  const notify = copy.notify as unknown as Record<string, Record<string, unknown>>;
  for (const { channel, key } of NOTIFY_SECRETS) {
    const section = notify[channel];
    if (section?.[key]) section[key] = '[REDACTED]';
  }
  // A webhook's path is often its secret (Home Assistant's webhook id, an n8n path): only the server is shown.
  if (copy.notify.webhook.url) copy.notify.webhook.url = redactUrlPath(copy.notify.webhook.url);
  return copy;
}

function redactUrlPath(text: string): string {
  try {
    const url = new URL(text);
    return url.pathname === '/' && url.search === '' ? text : `${url.origin}/[REDACTED]`;
  } catch {
    return '[REDACTED]';
  }
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactStrings(inner)]));
  }
  return value;
}
