import type { MinerSettings } from '../src/axeos/telemetry.js';
import { resolveMiner, UsageError } from '../src/chat/args.js';
import { defineCommand, type CommandContext } from '../src/chat/command.js';
import { userKey, type ChatUser } from '../src/chat/identity.js';
import { reply, text, type Reply } from '../src/chat/reply.js';
import type { ChatServices, MinerView } from '../src/chat/services.js';
import { UserError } from '../src/core/errors.js';
import { describeChange, type Actor, type SettingsGuard } from '../src/control/index.js';

/** How long a Confirm button stands: long enough to read the question, short enough that it is still the question. */
export const CONFIRM_WINDOW_MS = 60_000;

/** The guard, or a plain answer that settings control is not running. */
export function guardOf(services: ChatServices, miner: MinerView): SettingsGuard {
  const { guard } = services;
  if (!guard) throw new UserError('Settings control is not running in this axepilot, so miners cannot be changed from chat.');
  if (!guard.miner(miner.name)) throw new UserError(`${miner.name} is not under axepilot's settings control.`);
  return guard;
}

export function actorOf(user: ChatUser): Actor {
  return { kind: 'user', id: userKey(user), name: user.displayName };
}

/**
 * A question with Confirm/Cancel, both bound to the person who asked and expiring after 60 s. The pair decides once:
 * after Confirm or Cancel, the other button answers that it was already decided.
 */
export function confirmation(options: { question: string; user: ChatUser; now: number; confirm: () => Promise<string> }): Reply {
  let decided = false;
  const common = { onlyUser: userKey(options.user), expiresAt: options.now + CONFIRM_WINDOW_MS };
  return {
    blocks: [text(`${options.question} Confirm within ${CONFIRM_WINDOW_MS / 1000} s.`)],
    buttons: [[
      {
        ...common, label: 'Confirm',
        action: {
          kind: 'callback', edit: true,
          run: async () => {
            if (decided) return reply(text('Already answered.'));
            decided = true;
            return reply(text(await options.confirm()));
          },
        },
      },
      {
        ...common, label: 'Cancel',
        action: {
          kind: 'callback', edit: true,
          run: () => {
            if (decided) return Promise.resolve(reply(text('Already answered.')));
            decided = true;
            return Promise.resolve(reply(text('Cancelled; nothing changed.')));
          },
        },
      },
    ]],
  };
}

/** Commands that take exactly one miner: `/restart gamma`. */
export function oneMiner(words: string[], services: ChatServices): MinerView {
  if (words.length === 0) throw new UsageError('which miner?');
  if (words.length > 1) throw new UsageError('give one miner');
  return resolveMiner(words[0] ?? '', services.fleet.miners());
}

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

export const setCommand = defineCommand<{ miner: MinerView; settings: MinerSettings }>({
  name: 'set',
  description: 'Change a miner\'s frequency, core voltage, fan or temperature target (asks to confirm)',
  usage: '/set <miner> freq <MHz> | volt <mV> | fan <auto|0-100> | target <°C>',
  examples: ['/set gamma freq 575', '/set gamma volt 1200', '/set gamma fan auto', '/set gamma fan 60', '/set gamma target 62'],
  role: 'admin',
  parse: (words, { services }) => {
    const [minerWord, ...rest] = words;
    if (!minerWord) throw new UsageError('which miner?');
    if (rest.length === 0) throw new UsageError('what should change?');
    return { miner: resolveMiner(minerWord, services.fleet.miners()), settings: parseSetting(rest) };
  },
  run: ({ miner, settings }, { services, user }: CommandContext) => {
    const guard = guardOf(services, miner);
    const verdict = guard.check(miner.name, settings);
    if (!verdict.ok) return Promise.resolve(reply(text(verdict.reason)));
    const change = describeChange(guard.currentSettings(miner.name), settings);
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
