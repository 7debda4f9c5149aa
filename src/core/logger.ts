import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { redactSecrets } from './redact.js';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines; default: when stdout is a terminal. */
  pretty?: boolean;
  destination?: DestinationStream;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A wrong LOG_LEVEL is named with the allowed ones (pino's own message speaks of "custom levels"). */
export class LogLevelError extends Error {
  constructor(level: string) {
    super(`LOG_LEVEL=${level} is not a log level; use one of ${LEVELS.join(', ')}`);
    this.name = 'LogLevelError';
  }
}

/** Secrets in the fields of a log line's object (`{ err, url }`), not only in its message; one level deep. */
function redactFields(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Error) return value;
  const entries = Object.entries(value);
  if (!entries.some(([, inner]) => typeof inner === 'string')) return value;
  return Object.fromEntries(entries.map(([key, inner]) => [key, typeof inner === 'string' ? redactSecrets(inner) : inner]));
}

function levelOf(requested: string | undefined): string {
  const level = (requested ?? (process.env.LOG_LEVEL?.trim() || 'info')).trim().toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) throw new LogLevelError(level);
  return level;
}

function baseOptions(level: string) {
  return {
    level,
    base: undefined,
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: {
      logMethod(this: PinoLogger, args: Parameters<PinoLogger['info']>, method: (...a: unknown[]) => void) {
        method.apply(this, args.map(redactFields));
      },
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = levelOf(options.level);
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const base = baseOptions(level);
  if (options.destination) return pino(base, options.destination);
  if (usePretty) return pino(base, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
  return pino(base);
}

export interface ConsoleLoggerOptions {
  level?: string;
  /** Every line at `level` and above, as JSON lines (what log tools read). */
  file: string;
  /** Where warnings and errors are printed for the person at the terminal (above the console's prompt). */
  terminal: { print(text: string): void };
  colorize?: boolean;
}

/**
 * The log while someone types commands into the service's terminal: routine lines would bury the replies and the
 * prompt, so they go to a file, and only warnings and errors are shown, one short line each.
 */
export function createConsoleLogger(options: ConsoleLoggerOptions): Logger {
  const level = levelOf(options.level);
  mkdirSync(dirname(options.file), { recursive: true });
  const file = pino.destination({ dest: options.file, append: true, sync: true });
  const shown = new Writable({
    write(chunk: Buffer, _encoding, done) {
      options.terminal.print(chunk.toString().replace(/\n$/, ''));
      done();
    },
  });
  const screen = pretty({
    colorize: options.colorize ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true, destination: shown,
  });
  return pino(baseOptions(level), pino.multistream([
    { level: level, stream: file },
    { level: 'warn', stream: screen },
  ]));
}

/** A logger that writes nothing: for tests and for commands whose stdout is their output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
