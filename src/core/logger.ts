import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

// Bot tokens sit in Telegram URLs and Discord webhook/interaction paths; libraries put those URLs in error messages.
const TOKEN_PATTERNS: RegExp[] = [
  /\/bot\d+:[A-Za-z0-9_-]+/g,
  /\/(webhooks|interactions)\/(\d+)\/[A-Za-z0-9_.-]+/g,
];

export function redactSecrets(text: string): string {
  return TOKEN_PATTERNS.reduce(
    (out, pattern) => out.replace(pattern, (match) => match.replace(/(bot\d+:|\/\d+\/)[^/]+$/, '$1[REDACTED]')),
    text,
  );
}

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines; default: when stdout is a terminal. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const base = {
    level,
    base: undefined,
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: {
      logMethod(this: PinoLogger, args: Parameters<PinoLogger['info']>, method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)));
      },
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (usePretty) return pino(base, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
  return pino(base);
}

/** A logger that writes nothing: for tests and for commands whose stdout is their output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
