import type { ProgressReporter } from '../../bench/progress.js';
import type { ConsoleAdapter } from './adapter.js';

/**
 * A benchmark's progress in the console: a terminal cannot edit a line above the prompt, so each update (spaced by
 * ChatProgress like a chat's edits) is a new line, and the last one carries the result.
 */
export function consoleProgressReporter(console: ConsoleAdapter): ProgressReporter<null> {
  return {
    start: (body) => {
      console.print(body);
      return Promise.resolve(null);
    },
    update: (_handle, body) => {
      console.print(body);
      return Promise.resolve();
    },
  };
}
