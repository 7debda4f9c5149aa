/**
 * A bare command that needs a miner or an alert (`/history`, `/ack`, `/snooze` …) is what a tap in Telegram's menu
 * sends: answering it with a usage error leaves the user typing after all. Instead it gets a keyboard to pick one,
 * each button running the command with that choice, as the presser, exactly as if typed.
 *
 * Which commands: those whose first required argument is a miner or an alert (their argument description says so)
 * and that refuse no words. A miner is offered only when the command runs with a miner's name alone, so a command
 * whose next word must be something else is left to its usage line.
 */
import { UsageError } from './args.js';
import { firstMissingArg } from './arg-spec.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { text, type Reply, type ReplyButton } from './reply.js';

/** A phone shows a long keyboard badly; past this many choices the user is asked to type the name. */
const MAX_CHOICES = 12;
const PER_ROW = 2;
/** What a snooze picked from the keyboard lasts; `/snooze <id> <duration>` chooses any other. */
const PICKED_SNOOZE = '1h';

const button = (label: string, line: string): ReplyButton => ({ label, action: { kind: 'command', line, edit: false } });

function rows(buttons: ReplyButton[]): ReplyButton[][] {
  const out: ReplyButton[][] = [];
  for (let i = 0; i < buttons.length; i += PER_ROW) out.push(buttons.slice(i, i + PER_ROW));
  return out;
}

function parses(command: CommandDefinition, words: string[], context: CommandContext): boolean {
  try {
    command.parse(words, context);
    return true;
  } catch {
    // Any refusal means this choice alone does not make a whole command.
    return false;
  }
}

function needsArguments(command: CommandDefinition, context: CommandContext): boolean {
  try {
    command.parse([], context);
    return false;
  } catch (error) {
    return error instanceof UsageError;
  }
}

function alertPicker(command: CommandDefinition, context: CommandContext): Reply | null {
  const firing = context.services.alerts?.firing() ?? [];
  if (firing.length === 0) return { blocks: [text(`Nothing is firing, so there is nothing to ${command.name}. ✅`)] };
  const snooze = command.name === 'snooze';
  const choices = firing.slice(0, MAX_CHOICES).map((alert) =>
    button(`${alert.miner} · ${alert.ruleTitle}`, snooze ? `${command.name} ${alert.id} ${PICKED_SNOOZE}` : `${command.name} ${alert.id}`));
  const all = button(snooze ? 'All, 1 h' : 'All of them', snooze ? `${command.name} all ${PICKED_SNOOZE}` : `${command.name} all`);
  const prompt = snooze ? 'Snooze which alert for 1 h? (/snooze <id> 8h for longer)' : `${capitalized(command.name)} which alert?`;
  return { blocks: [text(prompt)], buttons: rows([...choices, all]) };
}

function minerPicker(command: CommandDefinition, context: CommandContext): Reply | null {
  const miners = context.services.fleet.miners();
  const first = miners[0];
  if (!first || !parses(command, [first.name], context)) return null;
  if (miners.length > MAX_CHOICES) return null;
  return { blocks: [text(`/${command.name}: which miner?`)], buttons: minerButtons(miners, (name) => `${command.name} ${name}`) };
}

/** A button per miner, two to a row, each running `lineOf(name)` as the presser (the picker's, /status's). */
export function minerButtons(miners: readonly { name: string }[], lineOf: (name: string) => string): ReplyButton[][] {
  return rows(miners.map((m) => button(m.name, lineOf(m.name))));
}

const capitalized = (word: string): string => `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`;

/**
 * The keyboard for a bare command, or null when the command runs without arguments or its first missing argument is
 * not a miner or an alert. The command's own argument description (arg-spec.ts) says what is missing.
 */
export function pickerFor(command: CommandDefinition, context: CommandContext): Reply | null {
  if (!command.args || !needsArguments(command, context)) return null;
  const missing = firstMissingArg(command.args, []);
  if (missing?.kind === 'alert') return alertPicker(command, context);
  if (missing?.kind === 'miner') return minerPicker(command, context);
  return null;
}
