import type { MinerSettings } from '../src/axeos/telemetry.js';
import { resolveMiner, UsageError } from '../src/chat/args.js';
import { reply, text } from '../src/chat/reply.js';
import { defineCommand, type CommandContext } from '../src/chat/command.js';
import type { MinerView } from '../src/chat/services.js';
import { actorOf, confirmation, guardOf } from '../src/chat/confirm.js';
import { describeChange, describeSettings, TEMP_TARGET_RANGE_C } from '../src/control/index.js';
import { minerArg, type CommandArgs, type VerbSpec } from '../src/chat/arg-spec.js';

type SettingKey = 'frequency' | 'voltage' | 'fan' | 'target';

const KEY_WORDS: Record<string, SettingKey> = {
  f: 'frequency', freq: 'frequency', frequency: 'frequency', clock: 'frequency', mhz: 'frequency',
  v: 'voltage', volt: 'voltage', volts: 'voltage', voltage: 'voltage', vcore: 'voltage', core: 'voltage', corevoltage: 'voltage', mv: 'voltage',
  fan: 'fan', fanspeed: 'fan',
  t: 'target', target: 'target', temp: 'target', temptarget: 'target',
};

/** A value whose unit says which setting it is: `575mhz`, `1200mv`, `1.2v`, `60%`, `auto`, `62c`. */
function keyFromUnit(word: string): SettingKey | null {
  if (/^\d+(\.\d+)?mhz$/i.test(word)) return 'frequency';
  if (/^\d+mv$/i.test(word) || /^\d(\.\d+)?v$/i.test(word)) return 'voltage';
  if (/^auto$/i.test(word) || /^\d+%$/.test(word)) return 'fan';
  if (/^\d+°?c$/i.test(word)) return 'target';
  return null;
}

function valueFor(key: SettingKey, word: string): MinerSettings {
  const w = word.trim().toLowerCase();
  switch (key) {
    case 'frequency': {
      const match = /^(\d+(?:\.\d+)?)(mhz)?$/.exec(w);
      if (!match) throw new UsageError(`"${word}" is not a frequency in MHz (e.g. 575)`);
      return { frequencyMhz: Number(match[1]) };
    }
    case 'voltage': {
      const volts = /^(\d(?:\.\d+)?)v$/.exec(w);
      if (volts) return { coreVoltageMv: Math.round(Number(volts[1]) * 1000) };
      const match = /^(\d+)(mv)?$/.exec(w);
      if (!match) throw new UsageError(`"${word}" is not a core voltage in mV (e.g. 1200)`);
      return { coreVoltageMv: Number(match[1]) };
    }
    case 'fan': {
      if (w === 'auto') return { autoFan: true };
      const match = /^(\d+)%?$/.exec(w);
      if (!match) throw new UsageError(`"${word}" is not a fan speed: say auto, or a % from 0 to 100`);
      return { autoFan: false, fanPct: Number(match[1]) };
    }
    case 'target': {
      const match = /^(\d+)(°?c)?$/.exec(w);
      if (!match) throw new UsageError(`"${word}" is not a temperature target in °C (e.g. 60)`);
      return { tempTargetC: Number(match[1]) };
    }
  }
}

/** `freq 575`, `frequency=575mhz`, `575mhz`, `volt 1.2v`, `fan auto`, `fan 60%`, `target 62`. */
export function parseSetting(words: string[]): MinerSettings {
  const parts = words.flatMap((w) => w.split('=')).filter((w) => w !== '');
  if (parts.length === 1 && parts[0] && KEY_WORDS[parts[0].toLowerCase()] === undefined) {
    const key = keyFromUnit(parts[0]);
    if (!key) throw new UsageError(`say which setting: freq, volt, fan or target`);
    return valueFor(key, parts[0]);
  }
  const [keyWord = '', value, ...rest] = parts;
  const key = KEY_WORDS[keyWord.toLowerCase()];
  if (!key) throw new UsageError(`"${keyWord}" is not a setting; use freq, volt, fan or target`);
  if (value === undefined) throw new UsageError(`give a value for ${key}`);
  if (rest.length > 0) throw new UsageError('one setting at a time');
  return valueFor(key, value);
}

/** Whether every value `wanted` names is already in force (a flash write and a Confirm for nothing). */
export function changesNothing(current: MinerSettings, wanted: MinerSettings): boolean {
  const same = (a: number | undefined, b: number | undefined, tolerance: number): boolean =>
    b === undefined || (a !== undefined && Math.abs(a - b) <= tolerance);
  if (!same(current.frequencyMhz, wanted.frequencyMhz, 0.5) || !same(current.coreVoltageMv, wanted.coreVoltageMv, 0)) return false;
  if (!same(current.tempTargetC, wanted.tempTargetC, 0)) return false;
  if (wanted.autoFan !== undefined && current.autoFan !== wanted.autoFan) return false;
  if (wanted.autoFan === false && wanted.fanPct !== undefined && current.fanPct !== wanted.fanPct) return false;
  return wanted.overheat === undefined;
}

/**
 * One verb per setting (Discord subcommands `/set freq|volt|fan|target`); typed, they read `/set gamma freq 575`.
 * The bounds are what any Bitaxe could take: the guard still checks the miner's own options and the config's ceilings.
 */
const SET_ARGS: CommandArgs = {
  verbs: ([
    { name: 'freq', description: 'ASIC frequency in MHz', args: [minerArg({ required: true }), { name: 'mhz', kind: 'number', required: true, min: 100, max: 1500, unit: 'MHz', description: 'the frequency, MHz' }] },
    { name: 'volt', description: 'core voltage in mV', args: [minerArg({ required: true }), { name: 'mv', kind: 'integer', required: true, min: 800, max: 1500, unit: 'mV', description: 'the core voltage, mV' }] },
    {
      name: 'fan', description: 'fan speed in %, or automatic',
      args: [minerArg({ required: true }), { name: 'percent', kind: 'integer', min: 0, max: 100, unit: '%', whenAbsent: 'auto', description: 'fan speed 0–100 %; leave out for the automatic fan' }],
    },
    {
      name: 'target', description: 'the automatic fan\'s chip temperature target in °C',
      args: [minerArg({ required: true }), { name: 'celsius', kind: 'integer', required: true, min: TEMP_TARGET_RANGE_C[0], max: TEMP_TARGET_RANGE_C[1], unit: '°C', description: 'the target, °C' }],
    },
  ] satisfies Array<Omit<VerbSpec, 'words'>>).map((verb) => ({ ...verb, words: ['miner', '$verb', verb.args[1]?.name ?? ''] })),
};

export const setCommand = defineCommand<{ miner: MinerView; settings: MinerSettings }>({
  name: 'set',
  description: 'Change a miner\'s frequency, core voltage, fan or temperature target (asks to confirm)',
  usage: '/set <miner> freq <MHz> | volt <mV> | fan <auto|0-100> | target <°C>',
  examples: ['/set gamma freq 575', '/set gamma volt 1200', '/set gamma fan auto', '/set gamma fan 60', '/set gamma target 62'],
  role: 'admin',
  args: SET_ARGS,
  parse: (words, { services }) => {
    const [minerWord, ...rest] = words;
    if (!minerWord) throw new UsageError('which miner?');
    if (rest.length === 0) throw new UsageError('what should change?');
    return { miner: resolveMiner(minerWord, services.fleet.miners()), settings: parseSetting(rest) };
  },
  run: ({ miner, settings }, { services, user }: CommandContext) => {
    const guard = guardOf(services, miner);
    const current = guard.currentSettings(miner.name);
    if (current && changesNothing(current, settings)) {
      return Promise.resolve(reply(text(`${miner.name} is already at ${describeSettings(settings)}; nothing to change.`)));
    }
    const verdict = guard.checkFor({ miner: miner.name, settings, actor: actorOf(user) });
    if (!verdict.ok) return Promise.resolve(reply(text(verdict.reason)));
    const change = describeChange(current, settings);
    return Promise.resolve(confirmation({
      question: `${miner.name}: ${change}.`,
      user,
      now: services.clock.now(),
      confirm: async () => {
        await guard.apply({ miner: miner.name, settings, actor: actorOf(user), reason: 'chat /set' });
        return `Done: ${miner.name} ${change}. /undo ${miner.name} puts it back.`;
      },
    }));
  },
});
