/**
 * The router's commands as Discord slash commands, generated from each command's own argument description
 * (arg-spec.ts): typed options (string, integer, number) with choices, bounds and required flags, subcommands where a
 * command has verbs, and autocomplete for miner names and alert ids. Admin commands are hidden from members without
 * Manage Server (an owner can widen that per command in Server Settings → Integrations) and exist only in servers;
 * the rest also work in a DM with the bot.
 *
 * The typed values are turned back into the words an owner would type (`wordsFromOptions`), so a Discord command runs
 * through exactly the parser and checks that Telegram and the console use.
 */
import {
  ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits,
  type APIApplicationCommandBasicOption, type APIApplicationCommandOption, type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { ArgSpec, VerbSpec } from '../arg-spec.js';
import type { CommandDefinition } from '../command.js';

const DESCRIPTION_LIMIT = 100;
const CHOICES_LIMIT = 25;
const OPTIONS_LIMIT = 25;
/** Discord's rule for chat-input command and option names, lowercase only. */
const NAME_PATTERN = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** Who may see and use a command that changes miners, until an owner says otherwise in the server's settings. */
export const ADMIN_PERMISSIONS = PermissionFlagsBits.ManageGuild;

function clip(text: string, limit = DESCRIPTION_LIMIT): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > limit ? `${single.slice(0, limit - 1)}…` : single;
}

/** Discord wants the required options first; the words keep their own order (`words`), so only the picker changes. */
function requiredFirst(args: readonly ArgSpec[]): ArgSpec[] {
  return [...args.filter((a) => a.required), ...args.filter((a) => !a.required)];
}

export function optionOf(arg: ArgSpec): APIApplicationCommandBasicOption {
  const common = { name: arg.name, description: clip(arg.description) || arg.name, required: arg.required ?? false };
  switch (arg.kind) {
    case 'integer':
    case 'number': {
      const bounds = { ...(arg.min !== undefined ? { min_value: arg.min } : {}), ...(arg.max !== undefined ? { max_value: arg.max } : {}) };
      return arg.kind === 'integer'
        ? { ...common, ...bounds, type: ApplicationCommandOptionType.Integer }
        : { ...common, ...bounds, type: ApplicationCommandOptionType.Number };
    }
    case 'choice':
      return {
        ...common, type: ApplicationCommandOptionType.String,
        choices: (arg.choices ?? []).slice(0, CHOICES_LIMIT).map((choice) => ({ name: choice, value: choice })),
      };
    case 'miner':
    case 'alert':
      return { ...common, type: ApplicationCommandOptionType.String, autocomplete: true };
    case 'string':
      return { ...common, type: ApplicationCommandOptionType.String, max_length: 100 };
  }
}

function subcommandOf(verb: VerbSpec): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand, name: verb.name, description: clip(verb.description) || verb.name,
    options: requiredFirst(verb.args).map(optionOf),
  };
}

export function slashCommandOf(definition: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const spec = definition.args ?? {};
  const options: APIApplicationCommandOption[] = spec.verbs ? spec.verbs.map(subcommandOf) : requiredFirst(spec.args ?? []).map(optionOf);
  const admin = definition.role === 'admin';
  return {
    name: definition.name,
    description: clip(definition.description) || definition.name,
    options,
    // A string, as the API takes it: "32" is Manage Server. Null leaves the command to everyone in the server.
    default_member_permissions: admin ? String(ADMIN_PERMISSIONS) : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: admin ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}

/** Why Discord would refuse this command, or null. */
function refusal(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string | null {
  if (!NAME_PATTERN.test(command.name)) return 'name is not 1–32 lowercase letters, digits, - or _';
  const options = command.options ?? [];
  if (options.length > OPTIONS_LIMIT) return `more than ${OPTIONS_LIMIT} options`;
  const names = options.flatMap((o) => [o.name, ...('options' in o ? (o.options ?? []).map((s) => s.name) : [])]);
  const bad = names.find((name) => !NAME_PATTERN.test(name));
  return bad === undefined ? null : `option "${bad}" is not 1–32 lowercase letters, digits, - or _`;
}

export interface SlashCommandSet {
  commands: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** Commands Discord would refuse, with the reason. */
  skipped: Array<{ name: string; reason: string }>;
}

export function slashCommandsFrom(definitions: readonly CommandDefinition[]): SlashCommandSet {
  const commands: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [];
  const skipped: SlashCommandSet['skipped'] = [];
  for (const definition of definitions) {
    if (definition.listed === false) continue;
    const command = slashCommandOf(definition);
    const reason = refusal(command);
    if (reason) skipped.push({ name: definition.name, reason });
    else commands.push(command);
  }
  return { commands, skipped };
}
