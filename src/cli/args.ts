import { parseArgs, type ParseArgsConfig } from 'node:util';

/** sysexits.h's EX_USAGE: the command line was wrong, which is not the same as a miner being unreachable (2). */
export const EXIT_USAGE = 64;

/** Bad command-line arguments; the message is one line in our own words. */
export class CliUsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util's parseArgs with errors an owner can read: `--jsn` gets "unknown option --jsn (known: --json)" instead of
 * Node's paragraph about positional arguments that start with a dash.
 */
export function parseCliArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const known = Object.keys(options).map((name) => `--${name}`).join(', ') || 'none';
    const code = (error as { code?: string }).code;
    const option = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliUsageError(`axepilot ${command}: unknown option ${option} (known: ${known})`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new CliUsageError(`axepilot ${command}: option ${option.split(' ')[0] ?? option} needs a value`);
    }
    throw new CliUsageError(`axepilot ${command}: ${(error as Error).message.split('\n')[0] ?? 'bad arguments'}`);
  }
}
