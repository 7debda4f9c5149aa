import type { ChatServices } from './services.js';
import type { ChatUser, Role } from './identity.js';
import type { Reply } from './reply.js';

export interface CommandContext {
  user: ChatUser;
  role: Role;
  services: ChatServices;
  /** All commands, for /help. */
  commands: readonly CommandDefinition[];
}

/**
 * A chat command is data: its name, what it is for, who may run it, how its arguments read, and a handler that
 * returns a Reply. It knows nothing of Telegram or Discord.
 */
export interface CommandDefinition<Args = unknown> {
  name: string;
  description: string;
  /** One line shown when the arguments are wrong, e.g. `/chart [miner|fleet] [hashrate|temp|…] [range]`. */
  usage: string;
  examples?: string[];
  role: Role | 'everyone';
  /** Turns the words after the command into arguments; throws UsageError with a helpful message. */
  parse(words: string[], context: CommandContext): Args;
  run(args: Args, context: CommandContext): Promise<Reply>;
}

/** Erases the argument type so commands with different arguments fit one list. */
export function defineCommand<Args>(definition: CommandDefinition<Args>): CommandDefinition {
  return definition;
}
