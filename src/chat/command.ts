import type { ChatServices } from './services.js';
import type { ChatUser, Role } from './identity.js';
import type { Reply } from './reply.js';
import type { CommandArgs } from './arg-spec.js';

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
  /**
   * False for a command people reach another way (Telegram's START button sends /start): left out of /help, the
   * Telegram menus and Discord's slash commands, where it would only push a useful command off a phone's screen.
   */
  listed?: boolean;
  /**
   * The arguments, declared once (arg-spec.ts): Discord's typed options and subcommands, Telegram's pick-a-miner
   * keyboards and, where the words come in order, the text parser are all derived from it. Left out: no arguments.
   */
  args?: CommandArgs;
  /** Turns the words after the command into arguments; throws UsageError with a helpful message. */
  parse(words: string[], context: CommandContext): Args;
  run(args: Args, context: CommandContext): Promise<Reply>;
}

/** Erases the argument type so commands with different arguments fit one list. */
export function defineCommand<Args>(definition: CommandDefinition<Args>): CommandDefinition {
  return definition;
}
