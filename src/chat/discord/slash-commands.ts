/**
 * The router's commands as Discord slash commands. Each takes ONE optional free-text option, `args`, holding the rest
 * of the command line exactly as it would be typed after `/name` elsewhere, so every command's forgiving word parsing
 * is reused instead of being re-declared as typed Discord options.
 */
import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { errorMessage } from '../../core/errors.js';
import type { CommandDefinition } from '../command.js';

export const ARGS_OPTION = 'args';
const DESCRIPTION_LIMIT = 100;
/** Discord's rule for chat-input command names, lowercase only. */
const NAME_PATTERN = /^[-_\p{Ll}\p{N}]{1,32}$/u;

function clip(text: string, limit: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > limit ? `${single.slice(0, limit - 1)}…` : single;
}

/** `/chart gamma temp 6h` → `gamma temp 6h`: what goes into the `args` option. */
function argsExample(command: CommandDefinition): string {
  const sample = command.examples?.find((e) => e.trim().length > command.name.length + 1) ?? command.usage;
  return sample.trim().replace(new RegExp(`^/${command.name}\\s*`), '');
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
    if (!NAME_PATTERN.test(definition.name)) {
      skipped.push({ name: definition.name, reason: 'name is not 1–32 lowercase letters, digits, - or _' });
      continue;
    }
    try {
      const example = argsExample(definition);
      const builder = new SlashCommandBuilder()
        .setName(definition.name)
        .setDescription(clip(definition.description, DESCRIPTION_LIMIT) || definition.name)
        .addStringOption((option) =>
          option
            .setName(ARGS_OPTION)
            .setDescription(clip(`the rest of the command${example ? `, e.g. ${example}` : ''}`, DESCRIPTION_LIMIT))
            .setRequired(false),
        );
      commands.push(builder.toJSON());
    } catch (error) {
      skipped.push({ name: definition.name, reason: errorMessage(error) });
    }
  }
  return { commands, skipped };
}
