import { stringify } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { loadConfig, redactConfig } from '../config/load.js';

/** `axepilot config check`: every problem at once with its path, or the effective configuration. */
export function runConfigCheck(_args: string[]): number {
  try {
    const { config, path } = loadConfig();
    process.stdout.write(`# ${path ?? 'no config file found: defaults'} — valid\n`);
    process.stdout.write(stringify(redactConfig(config)));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
