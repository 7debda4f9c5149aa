import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { CommandDefinition } from '../../../src/chat/command.js';
import { slashCommandsFrom } from '../../../src/chat/discord/slash-commands.js';

const TYPE_LETTER: Record<number, string> = { 1: 'sub', 3: 'str', 4: 'int', 10: 'num' };

/** One option in a line: `miner:str!@` (required, autocomplete), `metric:str[hashrate|temp]`, `mhz:num!(100..1500)`. */
function signature(option: APIApplicationCommandOption): string {
  if (option.type === ApplicationCommandOptionType.Subcommand) return `${option.name}{${(option.options ?? []).map(signature).join(' ')}}`;
  const o = option as { required?: boolean; autocomplete?: boolean; choices?: Array<{ value: string | number }>; min_value?: number; max_value?: number };
  const choices = o.choices ? `[${o.choices.map((c) => c.value).join('|')}]` : '';
  const bounds = o.min_value !== undefined || o.max_value !== undefined ? `(${o.min_value ?? ''}..${o.max_value ?? ''})` : '';
  return `${option.name}:${TYPE_LETTER[option.type] ?? option.type}${o.required ? '!' : ''}${o.autocomplete ? '@' : ''}${choices}${bounds}`;
}

function line(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string {
  const who = command.default_member_permissions === '32' ? 'manage-server guild' : `everyone ${(command.contexts ?? []).join(',')}`;
  return `${who} ${(command.options ?? []).map(signature).join(' ')}`.trim();
}

/**
 * Every command as Discord registers it. Written out by hand on purpose: a change to a command's arguments must show
 * here. 0 = servers, 1 = DMs with the bot; "manage-server" = default_member_permissions 32 (admins' commands).
 */
const EXPECTED: Record<string, string> = {
  status: 'everyone 0,1 miner:str@',
  miners: 'everyone 0,1',
  chart: 'everyone 0,1 miner:str@ metric:str[hashrate|temp|power|efficiency|fan] range:str[1h|6h|24h|7d|30d]',
  history: 'everyone 0,1 miner:str!@ range:str[1h|6h|24h|7d|30d]',
  events: 'everyone 0,1 miner:str@ count:int(1..100)',
  export: 'everyone 0,1 miner:str@ range:str[1h|6h|24h|7d|30d] gzip:str[gz]',
  alerts: 'everyone 0,1',
  ack: 'everyone 0,1 alert:str!@',
  snooze: 'everyone 0,1 alert:str!@ duration:str![30m|1h|2h|8h|1d|7d]',
  mute: 'manage-server guild miner:str!@ duration:str![30m|1h|2h|8h|1d|7d|30d]',
  unmute: 'manage-server guild miner:str@',
  subscribe: 'everyone 0,1 level:str[info|warning|critical]',
  unsubscribe: 'everyone 0,1',
  alerttest: 'everyone 0,1',
  digest: 'everyone 0,1',
  set: 'manage-server guild freq{miner:str!@ mhz:num!(100..1500)} volt{miner:str!@ mv:int!(800..1500)} fan{miner:str!@ percent:int(0..100)} target{miner:str!@ celsius:int!(35..66)}',
  undo: 'manage-server guild miner:str!@',
  restart: 'manage-server guild miner:str!@',
  pause: 'manage-server guild miner:str!@',
  resume: 'manage-server guild miner:str!@',
  identify: 'manage-server guild miner:str!@',
  audit: 'manage-server guild miner:str@ rows:int(1..50)',
  bench: 'manage-server guild start{miner:str!@ mode:str[quick|full] objective:str[efficiency|hashrate|balanced] strategy:str[smart|classic]} stop{miner:str@} results{miner:str!@} apply{miner:str!@ profile:str![eco|max|balanced]}',
  autopilot: 'everyone 0,1 overview{} show{miner:str!@} on{miner:str!@ mode:str[protect|hashrate|efficiency]} off{miner:str!@} set{miner:str!@ limit:str![target|vrmax|fanmax|powercap|errors|inputmin] value:str!} log{miner:str!@ count:int(1..100)} chart{miner:str!@}',
  help: 'everyone 0,1 command:str',
  whoami: 'everyone 0,1',
};

describe('Discord slash commands from the argument description', () => {
  const { commands, skipped } = slashCommandsFrom(ALL_COMMANDS);

  it('registers every command with typed options, choices, bounds, autocomplete, subcommands and permissions', () => {
    expect(skipped).toEqual([]);
    const lines = Object.fromEntries(commands.map((c) => [c.name, line(c)]));
    expect(Object.fromEntries(Object.keys(EXPECTED).map((name) => [name, lines[name]]))).toEqual(EXPECTED);
    // A command added later without arguments (no description needed) registers with no options at all.
    for (const name of Object.keys(lines).filter((n) => !(n in EXPECTED))) expect(lines[name], name).toMatch(/^(everyone 0,1|manage-server guild)$/);
  });

  it('leaves /start to Telegram, whose START button sends it, and keeps /help for the same questions', () => {
    expect(ALL_COMMANDS.map((c) => c.name)).toContain('start');
    expect(commands.map((c) => c.name)).not.toContain('start');
    expect(commands.map((c) => c.name)).toContain('help');
    expect(commands).toHaveLength(ALL_COMMANDS.length - 1);
  });

  it('keeps to Discord\'s limits: descriptions of 1–100 characters, required options first, only guild installs', () => {
    for (const command of commands) {
      expect(command.integration_types).toEqual([0]);
      const subcommand = ApplicationCommandOptionType.Subcommand;
      const all: APIApplicationCommandOption[] = [];
      for (const o of command.options ?? []) all.push(o, ...(o.type === subcommand ? (o.options ?? []) : []));
      const described: Array<{ name: string; description: string }> = [command, ...all];
      for (const { name, description } of described) expect(description.length, name).toBeGreaterThan(0);
      for (const { name, description } of described) expect(description.length, name).toBeLessThanOrEqual(100);
      const lists = [command.options ?? [], ...(command.options ?? []).flatMap((o) => (o.type === subcommand ? [o.options ?? []] : []))];
      for (const list of lists) {
        const required = list.map((o) => 'required' in o && o.required === true);
        expect(required, command.name).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      }
    }
  });

  it('skips names Discord refuses and clips long descriptions to 100 characters', () => {
    const command = (name: string, description = 'Shows things'): CommandDefinition => ({
      name, description, usage: `/${name}`, role: 'viewer', parse: () => null, run: () => Promise.resolve({ blocks: [] }),
    });
    const result = slashCommandsFrom([command('Bad Name'), command('status', 'd'.repeat(300))]);
    expect(result.skipped.map((s) => s.name)).toEqual(['Bad Name']);
    expect(result.commands[0]?.description).toHaveLength(100);
  });
});
