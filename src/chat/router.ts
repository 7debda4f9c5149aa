import type { Clock } from '../core/clock.js';
import { UserError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { splitCommand, UsageError } from './args.js';
import { randomBytes } from 'node:crypto';
import { ButtonSigner, MAX_BUTTON_ID_BYTES, type InlineButton } from '../messaging/button-id.js';
import { buttonRef, ButtonRegistry } from './buttons.js';
import { pickerFor } from './picker.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { roleAllows, roleOf, userKey, type ChatUser, type Role } from './identity.js';
import { UserRateLimiter } from './rate-limit.js';
import { text, type ButtonRef, type Reply, type ReplyButton } from './reply.js';
import type { ChatServices } from './services.js';
import type { Message } from '../messaging/message.js';

/** A reply ready for an adapter: blocks to render, buttons reduced to label + opaque id. */
/** `stamp`: see `Reply.stamp`; the message edited in place when the reply answers a button under it. */
export type PreparedReply = Message & { stamp?: string };

export interface ButtonOutcome {
  /** Shown briefly to the presser (Telegram's callback answer, Discord's ephemeral note). */
  notice: string | null;
  reply: PreparedReply | null;
  /** Replace the message the button was on, rather than send a new one. */
  edit: boolean;
}

export interface CommandRouterOptions {
  commands: readonly CommandDefinition[];
  services: ChatServices;
  clock: Clock;
  log: Logger;
  access: () => { admins: readonly string[]; viewers: readonly string[] };
  rateLimit?: { burst: number; refillPerMinute: number };
  /** Signs inline button data; the database's own key (kept in meta) unless given. */
  buttonKey?: Buffer;
}

/** How often a stranger is told they are not allowed, so the refusal itself cannot be used to spam a group. */
const REFUSAL_REPEAT_MS = 10 * 60_000;

/**
 * Parses a command line, checks the user's role and rate, runs the command inside an error boundary, and prepares
 * the reply for whichever adapter asked. A failing command answers "command failed: …"; the service keeps running.
 */
export class CommandRouter {
  private readonly byName = new Map<string, CommandDefinition>();
  private readonly buttons = new ButtonRegistry();
  private readonly limiter: UserRateLimiter;
  private readonly refusedAt = new Map<string, number>();
  private buttonSigner: ButtonSigner | null = null;

  constructor(private readonly options: CommandRouterOptions) {
    for (const command of options.commands) this.byName.set(command.name, command);
    this.limiter = new UserRateLimiter(options.rateLimit ?? { burst: 8, refillPerMinute: 30 });
  }

  get commands(): readonly CommandDefinition[] {
    return this.options.commands;
  }

  /** What commands use: the adapters read the fleet and the alert desk to suggest miner names and alert ids. */
  get services(): ChatServices {
    return this.options.services;
  }

  command(name: string): CommandDefinition | undefined {
    return this.byName.get(name);
  }

  /**
   * Whether running this would only answer a refusal or a usage error, which a platform shows to the asker alone
   * (Discord decides that before the answer exists). Parsing has no side effects, so it is safe to do twice.
   */
  answersPrivately(user: ChatUser, name: string, words: string[]): boolean {
    const role = this.roleOf(user);
    const command = this.byName.get(name);
    if (!command || !roleAllows(role, command.role)) return true;
    try {
      command.parse(words, this.contextFor(user, role));
      return false;
    } catch (error) {
      return error instanceof UsageError;
    }
  }

  roleOf(user: ChatUser): Role {
    return roleOf(user, this.options.access());
  }

  /** The configured users of a role (`telegram:123`), e.g. to give each admin the admin command menu. */
  usersWithRole(role: 'admin' | 'viewer'): readonly string[] {
    const access = this.options.access();
    return role === 'admin' ? access.admins : access.viewers;
  }

  /** Commands a role may use, for /help and the platforms' command menus. */
  commandsFor(role: Role): CommandDefinition[] {
    return this.options.commands.filter((c) => roleAllows(role, c.role));
  }

  /** Handles one line of user input; null when it is not a command (plain chatter in a group is ignored). */
  async handleText(user: ChatUser, line: string): Promise<PreparedReply | null> {
    const parsed = splitCommand(line);
    if (!parsed) return null;
    return this.run(user, parsed.name, parsed.words);
  }

  /** Runs a command by name with already-split words (Discord's slash options arrive this way). */
  async run(user: ChatUser, name: string, words: string[]): Promise<PreparedReply | null> {
    const now = this.options.clock.now();
    const key = userKey(user);
    const role = this.roleOf(user);
    const command = this.byName.get(name);
    if (!command) {
      if (role === 'none') return this.refuse(user, now);
      return this.prepare({ blocks: [text(`Unknown command /${name}. Send /help for the list.`)] });
    }
    if (!roleAllows(role, command.role)) {
      if (role === 'none') return this.refuse(user, now);
      return this.prepare({ blocks: [text(`/${command.name} needs the ${command.role} role; you are a ${role}.`)] });
    }
    // The console is the person at the service's own terminal: pasting ten commands is not an attack (review D13).
    if (user.platform !== 'console' && !this.limiter.take(key, now)) {
      // A stranger hammering /start gets silence, not a message per try: the refusal must not become the spam.
      if (role === 'none') return null;
      return this.prepare({ blocks: [text('Too many commands in a short time; try again in a few seconds.')] });
    }
    return this.prepare(await this.execute(command, words, this.contextFor(user, role)));
  }

  /** A button press: checks who pressed and whether the button still stands, then runs its action. */
  async pressButton(user: ChatUser, id: string): Promise<ButtonOutcome> {
    const now = this.options.clock.now();
    const role = this.roleOf(user);
    if (role === 'none') return { notice: `Not allowed. Your id is ${userKey(user)}.`, reply: null, edit: false };
    const inline = this.signer().verify(id);
    if (inline.kind === 'forged') {
      this.options.log.info({ user: userKey(user), data: id.slice(0, 64) }, 'refused button data axepilot did not sign');
      return { notice: 'This button was not made by axepilot, or is from an older version; run the command again.', reply: null, edit: false };
    }
    if (inline.kind === 'inline') {
      return { notice: null, reply: await this.runLine(user, inline.button.line), edit: inline.button.edit };
    }
    const found = this.buttons.take(id, userKey(user), now);
    switch (found.kind) {
      case 'unknown':
        return { notice: 'This button is no longer active; run the command again.', reply: null, edit: false };
      case 'expired':
        return { notice: 'This button has expired; run the command again.', reply: null, edit: false };
      case 'used':
        return { notice: 'Already done.', reply: null, edit: false };
      case 'not-yours':
        return { notice: 'Only the person who asked can press this.', reply: null, edit: false };
      case 'ok':
        break;
    }
    const { action } = found.button;
    if (action.kind === 'command') return { notice: null, reply: await this.runLine(user, action.line), edit: action.edit };
    try {
      return { notice: null, reply: this.prepare(await action.run()), edit: action.edit };
    } catch (error) {
      return { notice: null, reply: this.prepare(this.failure(error, 'action')), edit: action.edit };
    }
  }

  /**
   * Signs the unsigned inline ids (`c:<line>`) of a message composed outside the router (alerts sit below chat/ and
   * cannot sign), right before it is sent; one too long to sign within 64 bytes becomes a server-side button.
   */
  signButtons(reply: PreparedReply): PreparedReply {
    const now = this.options.clock.now();
    const signer = this.signer();
    const sign = (ref: ButtonRef): ButtonRef => {
      if (signer.verify(ref.id).kind !== 'forged') return ref;
      const unsigned = ButtonSigner.unsigned(ref.id);
      if (!unsigned) return ref;
      const id = signer.sign(unsigned);
      if (Buffer.byteLength(id) <= MAX_BUTTON_ID_BYTES) return { ...ref, id };
      return this.buttons.register({ ...ref, action: { kind: 'command', line: unsigned.line, edit: unsigned.edit } }, now);
    };
    return { ...reply, buttons: reply.buttons.map((row) => row.map(sign)) };
  }

  private signer(): ButtonSigner {
    this.buttonSigner ??= new ButtonSigner(this.options.buttonKey ?? this.storedButtonKey());
    return this.buttonSigner;
  }

  private storedButtonKey(): Buffer {
    try {
      return this.options.services.store.meta.secret('chat.buttonKey');
    } catch (error) {
      // Buttons still work until the next restart; only their survival across it is lost.
      this.options.log.warn({ err: errorMessage(error) }, 'cannot keep the button key in the database; buttons will not survive a restart');
      return randomBytes(32);
    }
  }

  private async runLine(user: ChatUser, line: string): Promise<PreparedReply | null> {
    const parsed = splitCommand(`/${line}`);
    return parsed ? this.run(user, parsed.name, parsed.words) : null;
  }

  private contextFor(user: ChatUser, role: Role): CommandContext {
    return { user, role, services: this.options.services, commands: this.options.commands };
  }

  private async execute(command: CommandDefinition, words: string[], context: CommandContext): Promise<Reply> {
    try {
      // A menu tap sends the bare command: offer a choice rather than a usage error.
      const picker = words.length === 0 ? pickerFor(command, context) : null;
      if (picker) return picker;
      const args = command.parse(words, context);
      return await command.run(args, context);
    } catch (error) {
      if (error instanceof UsageError) return { blocks: [text(`${error.message}\nUsage: ${command.usage}`)] };
      return this.failure(error, command.name);
    }
  }

  private failure(error: unknown, what: string): Reply {
    if (error instanceof UserError) return { blocks: [text(error.message)] };
    this.options.log.error({ command: what, err: error instanceof Error ? error.stack : errorMessage(error) }, 'command failed');
    return { blocks: [text(`command failed: ${errorMessage(error)}`)] };
  }

  private refuse(user: ChatUser, now: number): PreparedReply | null {
    const key = userKey(user);
    const last = this.refusedAt.get(key);
    if (last !== undefined && now - last < REFUSAL_REPEAT_MS) return null;
    this.refusedAt.set(key, now);
    this.options.log.info({ user: key, name: user.displayName }, 'refused a user without a role');
    return this.prepare({
      blocks: [
        text(
          `Sorry, you are not allowed to use this bot. Your id is ${key}.\n` +
            `If this is your miner, add that id to chat.admins (or chat.viewers) in axepilot's config.`,
        ),
      ],
    });
  }

  private prepare(value: Reply): PreparedReply {
    const now = this.options.clock.now();
    return {
      blocks: value.blocks,
      ...(value.stamp ? { stamp: value.stamp } : {}),
      buttons: (value.buttons ?? []).map((row) =>
        row.map((button) => inlineCommandRef(button, this.signer()) ?? this.buttons.register(button, now))),
    };
  }
}


/**
 * A command button that anyone allowed could as well type carries its command line in the id itself (`c:` sends a new
 * message, `e:` edits in place), signed (button-signature.ts), so it keeps working after a restart. It grants
 * nothing: the line runs with the presser's role, exactly as if typed. Confirmations and user-bound buttons stay
 * server-side.
 */
function inlineCommandRef(button: ReplyButton, signer: ButtonSigner): ButtonRef | null {
  if (button.action.kind !== 'command' || button.onlyUser || button.expiresAt !== undefined) return null;
  const inline: InlineButton = { line: button.action.line, edit: button.action.edit };
  const id = signer.sign(inline);
  return Buffer.byteLength(id) <= MAX_BUTTON_ID_BYTES ? buttonRef(button, id) : null;
}
