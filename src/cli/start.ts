import { dirname, resolve } from 'node:path';
import { ConsoleScreen } from '../chat/console/screen.js';
import { ConfigError, StoreError, errorMessage } from '../core/errors.js';
import { createConsoleLogger, createLogger, type Logger } from '../core/logger.js';
import { loadConfig } from '../config/load.js';
import { startService } from '../main.js';

/** How long shutdown may take before the process exits anyway (the issue asks for 2 s; parts get less). */
const SHUTDOWN_DEADLINE_MS = 1800;

/** `axepilot start` / `npm start`: runs until SIGINT or SIGTERM, then stops in order and exits 0. */
export async function runStart(_args: string[]): Promise<number> {
  let log: Logger = createLogger();
  let loaded;
  try {
    loaded = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // A newcomer without a bot token can type commands right here; while they do, routine log lines go to a file.
  let console;
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const screen = new ConsoleScreen(process.stdout, true);
    const database = loaded.config.database;
    const dataDir = database === ':memory:' ? resolve('data') : dirname(resolve(database));
    const logFile = resolve(dataDir, 'axepilot.log');
    log = createConsoleLogger({ file: logFile, terminal: screen, colorize: true });
    console = { input: process.stdin, output: process.stdout, screen, logFile };
  }
  log.info({ config: loaded.path ?? '(none: defaults)' }, 'axepilot starting');

  let service;
  try {
    service = await startService({ config: loaded.config, log, console });
  } catch (error) {
    if (error instanceof StoreError) {
      log.error(error.message);
      return 1;
    }
    throw error;
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log.info({ signal }, 'stopping');
  const deadline = setTimeout(() => {
    log.error('shutdown took too long; exiting anyway');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  try {
    await service.stop();
  } catch (error) {
    log.error({ err: errorMessage(error) }, 'shutdown failed');
    return 1;
  }
  clearTimeout(deadline);
  log.info('stopped');
  return 0;
}
