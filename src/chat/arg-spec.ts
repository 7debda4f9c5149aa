/**
 * What a command's arguments are, declared once per command: the text parser (Telegram, console) reads words by it,
 * Discord registers typed slash options and subcommands from it, and Telegram builds its pick-a-miner keyboards from
 * it. Pure data and pure functions; nothing here knows a chat platform.
 *
 * A command either takes arguments (`args`) or has verbs (`verbs`, Discord subcommands: `/bench start|stop|…`). Every
 * verb says how it reads as words (`words`), so a Discord subcommand with its options turns back into exactly the line
 * an owner would type, and runs through the same parser and the same checks.
 */
import { resolveMiner, UsageError } from './args.js';
import type { MinerView } from './services.js';

/** `alert` is an alert id (or `all`); `choice` takes one of `choices`. */
export type ArgKind = 'miner' | 'alert' | 'string' | 'integer' | 'number' | 'choice';

export interface ArgSpec {
  /** 1–32 lowercase letters, digits or `_`: also the Discord option name. */
  name: string;
  kind: ArgKind;
  /** Up to 100 characters: Discord shows it under the option. */
  description: string;
  required?: boolean;
  /** `choice`: the words it takes. */
  choices?: readonly string[];
  /**
   * `choice`: the choices are the usual values, not all of them (`90m` is a range too): the text parser lets other
   * words through to the command's own check, Discord offers the list.
   */
  open?: boolean;
  /** `integer`/`number`: bounds, inclusive, in `unit`. */
  min?: number;
  max?: number;
  unit?: string;
  /** `miner`: words besides a miner's name that it also takes, e.g. `all`, `fleet`. */
  alsoWords?: readonly string[];
  /** The word written in its place when the argument is left out (`/set gamma fan` + nothing = `fan auto`). */
  whenAbsent?: string;
  /** What the text parser says when a required argument is missing, e.g. `which miner?`. */
  missing?: string;
}

export interface VerbSpec {
  /** Also the Discord subcommand name. */
  name: string;
  description: string;
  args: readonly ArgSpec[];
  /**
   * The verb as words, in order: `$verb` is the verb's own word, anything else an argument's name. Default: the verb
   * then its arguments. Leave `$verb` out for a verb that is written as no word (`/bench gamma` starts a benchmark).
   */
  words?: readonly string[];
}

export interface CommandArgs {
  args?: readonly ArgSpec[];
  verbs?: readonly VerbSpec[];
  /** What the text parser says when there are more words than arguments. */
  tooMany?: string;
}

/** A value as Discord hands it over, or as the text parser read it. */
export type OptionValue = string | number | boolean | undefined;

/** The word line a set of option values stands for: `bench apply` + `{miner: 'gamma', profile: 'eco'}` → `apply gamma eco`. */
export function wordsFromOptions(spec: CommandArgs, verbName: string | null, values: Readonly<Record<string, OptionValue>>): string[] {
  const verb = verbName === null ? null : spec.verbs?.find((v) => v.name === verbName);
  if (verbName !== null && !verb) throw new UsageError(`"${verbName}" is not one of ${(spec.verbs ?? []).map((v) => v.name).join(', ')}`);
  const args = verb ? verb.args : (spec.args ?? []);
  const order = verb ? (verb.words ?? ['$verb', ...verb.args.map((a) => a.name)]) : args.map((a) => a.name);
  const words: string[] = [];
  for (const part of order) {
    if (part === '$verb') {
      words.push(verb?.name ?? '');
      continue;
    }
    const arg = args.find((a) => a.name === part);
    const value = values[part];
    if (value !== undefined && value !== '') words.push(String(value));
    else if (arg?.whenAbsent !== undefined) words.push(arg.whenAbsent);
  }
  return words;
}

/** What the text parser read: one value per argument name. Miners come resolved. */
export class ArgValues {
  constructor(private readonly values: ReadonlyMap<string, string | number | MinerView>) {}

  /** A miner argument's miner; null when it was left out or is one of its `alsoWords` (read that with `word`). */
  miner(name: string): MinerView | null {
    const value = this.values.get(name);
    return typeof value === 'object' ? value : null;
  }

  word(name: string): string | null {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : null;
  }

  number(name: string): number | null {
    const value = this.values.get(name);
    return typeof value === 'number' ? value : null;
  }
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
}

/** One word read as one argument; throws UsageError saying what the word should have been. */
export function readArg(arg: ArgSpec, word: string, miners: readonly MinerView[]): string | number | MinerView {
  const lower = word.toLowerCase();
  switch (arg.kind) {
    case 'miner': {
      const named = miners.some((m) => m.name.toLowerCase() === lower);
      if (!named && arg.alsoWords?.includes(lower)) return lower;
      return resolveMiner(word, miners);
    }
    case 'alert':
    case 'string':
      return word;
    case 'choice': {
      const choice = arg.choices?.find((c) => c.toLowerCase() === lower);
      if (choice) return choice;
      if (arg.open) return word;
      throw new UsageError(`"${word}" is not a ${arg.name}: ${listWords(arg.choices ?? [])}`);
    }
    case 'integer':
    case 'number': {
      const match = /^(-?\d+(?:\.\d+)?)\s*[^\d\s]*$/.exec(word.trim());
      const value = match ? Number(match[1]) : Number.NaN;
      const bounded = (arg.min === undefined || value >= arg.min) && (arg.max === undefined || value <= arg.max);
      if (!Number.isFinite(value) || !bounded || (arg.kind === 'integer' && !Number.isInteger(value))) {
        const range = arg.min !== undefined && arg.max !== undefined ? ` between ${arg.min} and ${arg.max}${arg.unit ? ` ${arg.unit}` : ''}` : '';
        throw new UsageError(`${arg.name} must be a ${arg.kind === 'integer' ? 'whole number' : 'number'}${range}`);
      }
      return value;
    }
  }
}

/**
 * The text parser for a command whose arguments come in their declared order (`/snooze <alert> <duration>`): each
 * word read by its argument's kind, a missing required one and a word too many answered with a usage error.
 */
export function parsePositional(spec: CommandArgs, words: readonly string[], miners: readonly MinerView[], commandName: string): ArgValues {
  const args = spec.args ?? [];
  const values = new Map<string, string | number | MinerView>();
  if (words.length > args.length) {
    throw new UsageError(spec.tooMany ?? (args.length === 0 ? `/${commandName} takes no arguments` : `/${commandName} takes at most ${args.length} argument${args.length === 1 ? '' : 's'}`));
  }
  args.forEach((arg, index) => {
    const word = words[index];
    if (word === undefined || word === '') {
      if (arg.required) throw new UsageError(arg.missing ?? `give the ${arg.name}`);
      return;
    }
    values.set(arg.name, readArg(arg, word, miners));
  });
  return new ArgValues(values);
}

/** The arguments of a command or of one verb, for whoever lists them (Telegram's pick-a-miner keyboard, /help). */
export function argsOf(spec: CommandArgs, verbName?: string): readonly ArgSpec[] {
  if (verbName === undefined) return spec.args ?? [];
  return spec.verbs?.find((v) => v.name === verbName)?.args ?? [];
}

/** The first required argument a bare command needs and has no word for: what Telegram offers buttons for. */
export function firstMissingArg(spec: CommandArgs, words: readonly string[]): ArgSpec | null {
  if (spec.verbs) return null;
  const args = spec.args ?? [];
  const missing = args.find((arg, index) => arg.required && words[index] === undefined);
  return missing ?? null;
}

/** The miner argument most commands take; autocompleted with the configured names on Discord. */
export function minerArg(overrides: Partial<ArgSpec> = {}): ArgSpec {
  return { name: 'miner', kind: 'miner', description: 'the miner, by name', missing: 'which miner?', ...overrides };
}

/** The ranges a chart or a summary offers; any range from 10m to 365d is taken when typed. */
export const RANGE_CHOICES = ['1h', '6h', '24h', '7d', '30d'] as const;

export function rangeArg(overrides: Partial<ArgSpec> = {}): ArgSpec {
  return { name: 'range', kind: 'choice', choices: RANGE_CHOICES, open: true, description: 'how far back (default: 24h)', ...overrides };
}
