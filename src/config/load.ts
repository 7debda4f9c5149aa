import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { redactSecrets } from '../core/logger.js';
import { configSchema, minerDeviceKey, type Config } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/axepilot.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when none exists and defaults apply. */
  path: string | null;
}

/** `miners[1].host` from `['miners', 1, 'host']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') return `${where}: unknown key(s) ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

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
  return out;
}

/** Validates raw settings (already parsed from YAML) plus environment overrides. Throws ConfigError listing all. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, source = 'configuration'): Config {
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(source, ['(top level): must be a mapping of keys to values']);
  }
  const result = configSchema.safeParse(applyEnvironment((raw ?? {}) as Record<string, unknown>, env));
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  const problems = crossCheck(result.data);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return result.data;
}

function crossCheck(config: Config): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  config.miners.forEach((miner, index) => {
    const key = miner.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) problems.push(`miners[${index}].name: "${miner.name}" is already used by miners[${first}]`);
    else seen.set(key, index);
  });
  problems.push(...sameDeviceTwice(config));
  if (config.limits.chipTempWarnC >= config.limits.chipTempCritC) {
    problems.push('limits.chipTempWarnC: must be below limits.chipTempCritC');
  }
  if (config.limits.vrTempWarnC >= config.limits.vrTempCritC) {
    problems.push('limits.vrTempWarnC: must be below limits.vrTempCritC');
  }
  const influx = config.export.influx;
  if (influx.enabled && influx.url === null) problems.push('export.influx.url: is needed when export.influx.enabled is true');
  if (influx.enabled && influx.bucket === null && influx.db === null) {
    problems.push('export.influx: set bucket (InfluxDB 2/3, with org) or db (InfluxDB 1, VictoriaMetrics, Telegraf)');
  }
  return problems;
}

/**
 * One device under two names would be polled twice as often (AxeOS serves one request at a time) and both loops
 * would write into the same miner row (identity is the MAC), its name flipping between the two.
 */
function sameDeviceTwice(config: Config): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  config.miners.forEach((miner, index) => {
    let key: string;
    try {
      key = minerDeviceKey(miner.host);
    } catch {
      return; // the schema already said what is wrong with this address
    }
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    const other = config.miners[first];
    problems.push(
      `miners[${index}].host: "${redactSecrets(miner.host)}" is the same device as miners[${first}] ("${other?.name ?? ''}", ` +
        `${redactSecrets(other?.host ?? '')}); list each miner once`,
    );
  });
  return problems;
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
  return copy;
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactStrings(inner)]));
  }
  return value;
}
