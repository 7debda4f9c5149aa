import { parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/core/errors.js';

/** Every problem `parseConfig` reports for this raw config; fails the test when it reports none. */
export function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
