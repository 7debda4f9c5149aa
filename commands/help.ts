import { UsageError } from '../src/chat/args.js';
import { defineCommand, type CommandDefinition } from '../src/chat/command.js';
import { roleAllows } from '../src/chat/identity.js';
import { reply, text, title, type ReplyBlock } from '../src/chat/reply.js';

/**
 * The groups /help shows, in the owner's words. A command not named here lands under "More", so a new command is
 * never missing from /help.
 */
const GROUPS: ReadonlyArray<{ heading: string; names: readonly string[] }> = [
  { heading: 'Look', names: ['status', 'miners', 'chart', 'history', 'events', 'export'] },
  { heading: 'Alerts', names: ['alerts', 'ack', 'snooze', 'mute', 'unmute', 'subscribe', 'unsubscribe', 'alerttest', 'digest'] },
  { heading: 'Tune and control', names: ['set', 'undo', 'restart', 'pause', 'resume', 'identify', 'bench', 'autopilot', 'audit'] },
  { heading: 'You', names: ['whoami', 'help'] },
];

/** The first clause of a description: one short line per command on a phone. */
function shortDescription(command: CommandDefinition): string {
  return command.description.split(/[;:(]| — /)[0]?.trim() ?? command.description;
}

/**
 * Lists what the asker's role may use, grouped, one short line each. Plain text, not monospace: Telegram makes each
 * `/command` tappable and a phone wraps the lines. `/help <command>` shows the usage and examples.
 */
export const helpCommand = defineCommand<{ about: string | null }>({
  name: 'help',
  description: 'What you can ask; /help <command> for its details',
  usage: '/help [command]',
  examples: ['/help', '/help chart'],
  role: 'everyone',
  args: { args: [{ name: 'command', kind: 'string', description: 'a command to explain, e.g. chart' }] },
  parse: (words) => {
    if (words.length > 1) throw new UsageError('name one command, e.g. /help chart');
    return { about: words[0]?.replace(/^\//, '').toLowerCase() ?? null };
  },
  run: ({ about }, { role, commands }) => {
    const allowed = commands.filter((c) => roleAllows(role, c.role) && c.listed !== false);
    if (about !== null) {
      const command = allowed.find((c) => c.name === about);
      if (!command) return Promise.resolve(reply(text(`No command /${about} for you. /help lists what you can use.`)));
      const examples = command.examples?.length ? `\nFor example:\n${command.examples.join('\n')}` : '';
      return Promise.resolve(reply(title(`/${command.name}`), text(`${command.description}.\n${command.usage}${examples}`)));
    }
    const blocks: ReplyBlock[] = [];
    const listed = new Set<string>();
    for (const group of [...GROUPS, { heading: 'More', names: allowed.map((c) => c.name) }]) {
      const members = group.names.flatMap((name) => allowed.filter((c) => c.name === name && !listed.has(name)));
      if (members.length === 0) continue;
      for (const c of members) listed.add(c.name);
      blocks.push(title(group.heading), text(members.map((c) => `/${c.name} ${shortDescription(c)}`).join('\n')));
    }
    blocks.push(text('/help <command> shows how to use one, e.g. /help chart'));
    return Promise.resolve(reply(...blocks));
  },
});
