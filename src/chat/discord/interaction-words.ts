/**
 * From a Discord interaction back to axepilot's words: a slash command's typed options become the line an owner would
 * type, and an autocomplete request is answered with the configured miner names or the firing alerts. Pure but for
 * reading the fleet and the alert desk.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { argsOf, wordsFromOptions, type ArgSpec, type OptionValue } from '../arg-spec.js';
import type { CommandDefinition } from '../command.js';
import type { ChatServices } from '../services.js';

/** Discord shows 25 suggestions at most; a name or value holds 100 characters. */
const SUGGESTIONS_LIMIT = 25;
const SUGGESTION_TEXT_LIMIT = 100;

export interface Suggestion {
  name: string;
  value: string;
}

/** The subcommand (verb) of an interaction, if any, and its options by name. */
export function optionsOf(data: readonly CommandInteractionOption[]): { verb: string | null; values: Record<string, OptionValue>; focused: string | null } {
  const first = data[0];
  const verb = first?.type === ApplicationCommandOptionType.Subcommand ? first.name : null;
  const options = verb !== null ? (first?.options ?? []) : data;
  const values: Record<string, OptionValue> = {};
  let focused: string | null = null;
  for (const option of options) {
    values[option.name] = option.value ?? undefined;
    if (option.focused) focused = option.name;
  }
  return { verb, values, focused };
}

/** `/bench apply miner:gamma profile:eco` → `['apply', 'gamma', 'eco']`. */
export function wordsOfInteraction(definition: CommandDefinition | undefined, data: readonly CommandInteractionOption[]): string[] {
  if (!definition?.args) return [];
  const { verb, values } = optionsOf(data);
  return wordsFromOptions(definition.args, verb, values);
}

/** The argument an autocomplete request is about. */
export function focusedArg(definition: CommandDefinition | undefined, data: readonly CommandInteractionOption[]): { arg: ArgSpec; typed: string } | null {
  const spec = definition?.args;
  if (!spec) return null;
  const { verb, values, focused } = optionsOf(data);
  if (focused === null) return null;
  const arg = argsOf(spec, verb ?? undefined).find((a) => a.name === focused);
  return arg ? { arg, typed: String(values[focused] ?? '') } : null;
}

const clip = (text: string): string => (text.length > SUGGESTION_TEXT_LIMIT ? `${text.slice(0, SUGGESTION_TEXT_LIMIT - 1)}…` : text);

/** Names that start with what was typed come first, then names that contain it. */
function matching<T>(items: readonly T[], typed: string, key: (item: T) => string): T[] {
  const needle = typed.trim().toLowerCase();
  if (!needle) return [...items];
  const starts = items.filter((item) => key(item).toLowerCase().startsWith(needle));
  const contains = items.filter((item) => !starts.includes(item) && key(item).toLowerCase().includes(needle));
  return [...starts, ...contains];
}

/** What to offer while someone types a miner or an alert id. */
export function suggestionsFor(arg: ArgSpec, typed: string, services: ChatServices): Suggestion[] {
  if (arg.kind === 'miner') {
    const names = [...services.fleet.miners().map((m) => m.name), ...(arg.alsoWords ?? [])];
    return matching(names, typed, (name) => name).slice(0, SUGGESTIONS_LIMIT).map((name) => ({ name: clip(name), value: clip(name) }));
  }
  if (arg.kind === 'alert') {
    const firing = services.alerts?.firing() ?? [];
    const offers: Suggestion[] = [
      ...firing.map((alert) => ({ name: clip(`${alert.miner} · ${alert.ruleTitle} (${alert.id})`), value: alert.id })),
      ...(firing.length > 0 ? [{ name: 'all firing alerts', value: 'all' }] : []),
    ];
    return matching(offers, typed, (offer) => offer.name).slice(0, SUGGESTIONS_LIMIT);
  }
  return [];
}
