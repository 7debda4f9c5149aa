import { minerArg, parsePositional, type CommandArgs } from './arg-spec.js';
import { userKey, type ChatUser } from './identity.js';
import { reply, text, type Reply } from './reply.js';
import type { ChatServices, MinerView } from './services.js';
import { UserError } from '../core/errors.js';
import { UsageError } from './args.js';
import type { Actor, SettingsGuard } from '../control/index.js';

/**
 * Dangerous chat actions ask first: a Confirm/Cancel pair bound to the asker, expiring, deciding once. Shared by every
 * command that changes a miner (settings, restart, pause, benchmark).
 */

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
        ...common, label: 'Confirm', intent: 'danger',
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

/** The arguments of commands that take exactly one miner: `/restart gamma`. */
export const ONE_MINER: CommandArgs = { args: [minerArg({ required: true })], tooMany: 'give one miner' };

/** Commands that take exactly one miner: `/restart gamma`. */
export function oneMiner(words: string[], services: ChatServices): MinerView {
  const miner = parsePositional(ONE_MINER, words, services.fleet.miners(), 'miner').miner('miner');
  if (!miner) throw new UsageError('which miner?');
  return miner;
}
