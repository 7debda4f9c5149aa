import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { firstMissingArg, parsePositional, wordsFromOptions, type CommandArgs } from '../../../src/chat/arg-spec.js';
import { UsageError } from '../../../src/chat/args.js';
import type { MinerView } from '../../../src/chat/services.js';

const miner = (name: string): MinerView => ({ name, host: `http://192.168.1.${name.length}`, minerId: 1 } as unknown as MinerView);
const miners = [miner('gamma'), miner('supra')];
const spec = (name: string): CommandArgs => {
  const command = ALL_COMMANDS.find((c) => c.name === name);
  if (!command?.args) throw new Error(`no arguments declared for /${name}`);
  return command.args;
};

describe('one description of a command\'s arguments', () => {
  it('is declared by every command that takes words, with names Discord takes and a description for each', () => {
    const takesWords = ['status', 'chart', 'history', 'events', 'export', 'ack', 'snooze', 'mute', 'unmute', 'subscribe', 'set', 'undo', 'restart', 'pause', 'resume', 'identify', 'audit', 'bench', 'autopilot'];
    for (const name of takesWords) expect(ALL_COMMANDS.find((c) => c.name === name)?.args, `/${name}`).toBeDefined();
    for (const command of ALL_COMMANDS) {
      const all = [...(command.args?.args ?? []), ...(command.args?.verbs ?? []).flatMap((v) => v.args)];
      for (const arg of all) {
        expect(arg.name, `/${command.name}`).toMatch(/^[a-z][a-z0-9_]{0,31}$/);
        expect(arg.description.length, `/${command.name} ${arg.name}`).toBeLessThanOrEqual(100);
        if (arg.kind === 'choice') expect(arg.choices?.length, `/${command.name} ${arg.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('reads words in order by their kind: miners resolved, choices checked, bounds kept', () => {
    const mute = parsePositional(spec('mute'), ['gam', '2h'], miners, 'mute');
    expect(mute.miner('miner')?.name).toBe('gamma');
    expect(mute.word('duration')).toBe('2h');
    expect(parsePositional(spec('mute'), ['all', '2h'], miners, 'mute').word('miner')).toBe('all');
    expect(() => parsePositional(spec('subscribe'), ['loud'], miners, 'subscribe')).toThrow('"loud" is not a level: info, warning or critical');
    expect(() => parsePositional(spec('ack'), [], miners, 'ack')).toThrow('give one alert id (see /alerts), or "all"');
    expect(() => parsePositional(spec('restart'), ['gamma', 'supra'], miners, 'restart')).toThrow('give one miner');
    expect(() => parsePositional(spec('alerts'), ['x'], miners, 'alerts')).toThrow('/alerts takes no arguments');
    expect(() => parsePositional(spec('restart'), ['nosuch'], miners, 'restart')).toThrow(UsageError);
    const rows = spec('audit').args?.find((a) => a.name === 'rows');
    expect(rows).toMatchObject({ kind: 'integer', min: 1, max: 50 });
  });

  it('turns typed options back into the line an owner would type, verbs in their place', () => {
    expect(wordsFromOptions(spec('bench'), 'start', { miner: 'gamma', objective: 'hashrate' })).toEqual(['gamma', 'hashrate']);
    expect(wordsFromOptions(spec('bench'), 'apply', { miner: 'gamma', profile: 'eco' })).toEqual(['apply', 'gamma', 'eco']);
    expect(wordsFromOptions(spec('autopilot'), 'on', { miner: 'gamma', mode: 'protect' })).toEqual(['gamma', 'on', 'protect']);
    expect(wordsFromOptions(spec('autopilot'), 'overview', {})).toEqual([]);
    expect(wordsFromOptions(spec('set'), 'freq', { miner: 'gamma', mhz: 575 })).toEqual(['gamma', 'freq', '575']);
    expect(wordsFromOptions(spec('set'), 'fan', { miner: 'gamma' })).toEqual(['gamma', 'fan', 'auto']);
    expect(wordsFromOptions(spec('snooze'), null, { alert: 'a1', duration: '8h' })).toEqual(['a1', '8h']);
    expect(() => wordsFromOptions(spec('bench'), 'explode', {})).toThrow(UsageError);
  });

  it('names the argument a bare command still needs, so a chat can offer a choice', () => {
    expect(firstMissingArg(spec('history'), [])?.kind).toBe('miner');
    expect(firstMissingArg(spec('ack'), [])?.kind).toBe('alert');
    expect(firstMissingArg(spec('history'), ['gamma'])).toBeNull();
    expect(firstMissingArg(spec('status'), [])).toBeNull();
  });
});
