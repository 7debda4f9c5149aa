/**
 * Discord for axepilot, through discord.js 14 over the gateway: typed slash commands (slash-commands.ts) and button
 * presses become router calls, miner and alert options are autocompleted, prepared replies become embeds or markdown
 * messages with attachments and button rows. No business logic lives here.
 *
 * discord.js facts this relies on (docs/research/chat-bots-and-alerting.md §3): an interaction must be acknowledged
 * within 3 s, so every handler defers first and answers by editing; ephemeral is fixed at that first answer, so the
 * role is looked up before deferring; an unhandled 'error' event would end the process, so one is always set. Button
 * presses are handled in presses.ts.
 */
import {
  Client, GatewayIntentBits, MessageFlags,
  type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction, type Message,
  type MessageCreateOptions, type MessageMentionOptions,
} from 'discord.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { redactSecrets } from '../../core/redact.js';
import type { Service } from '../../core/service.js';
import { UsageError } from '../args.js';
import { CONFIRM_WINDOW_MS } from '../confirm.js';
import type { CommandRouter, PreparedReply } from '../router.js';
import { discardReplyFiles } from '../reply-files.js';
import { text } from '../reply.js';
import { renderAlert, renderMessage } from './embeds.js';
import { mentionOf } from './mentions.js';
import { focusedArg, suggestionsFor, wordsOfInteraction } from './interaction-words.js';
import type { BackoffPolicy } from '../../core/backoff.js';
import { LOGIN_RETRY, loginWithRetry } from './login-retry.js';
import { NO_MENTIONS, payloadOf, renderReply } from './render.js';
import { classifySendError, DiscordChannelUnreachableError, DiscordOffError, isUploadTooLarge } from './send-errors.js';
import { slashCommandsFrom } from './slash-commands.js';
import { chatUserOf } from './interaction-user.js';
import { handlePress } from './presses.js';
import { tooLargeNotice } from './too-large.js';

export interface DiscordAdapterOptions {
  /** The bot token from the Discord developer portal (config `chat.discord.token`, env `DISCORD_TOKEN`); null = off. */
  token: string | null;
  router: CommandRouter;
  clock: Clock;
  log: Logger;
  /** Config `chat.discord.alertChannelId`: where alerts go unless someone subscribes elsewhere. */
  alertChannelId?: string | null;
  /** The REST root, e.g. `http://127.0.0.1:PORT/api` (tests); discord.com by default. */
  restApi?: string;
  /** Register the commands in these guilds (config `chat.discord.guildId`) instead of globally. */
  guildIds?: readonly string[];
  /** Config `chat.discord.criticalMention`: `<@&role>`, `<@user>`, `role:ID` or `user:ID`, put before critical alerts. */
  criticalMention?: string | null;
  /** Waits between failed first logins; 5 s doubling to 5 min unless given. */
  loginRetry?: BackoffPolicy;
}

export interface DiscordSendOptions {
  /** Delivered without a push notification (flag SuppressNotifications), e.g. in quiet hours. */
  silent?: boolean;
}

export class DiscordAdapter implements Service {
  readonly name = 'discord chat';
  private client: Client | null = null;
  private stopping = new AbortController();
  private saidOff = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DiscordAdapterOptions) {}

  get enabled(): boolean {
    return (this.options.token ?? '').trim() !== '';
  }

  get alertChannelId(): string | null {
    return this.options.alertChannelId ?? null;
  }

  start(): Promise<void> {
    const token = (this.options.token ?? '').trim();
    const { log } = this.options;
    if (this.client) return Promise.resolve();
    if (!token) {
      if (this.saidOff) return Promise.resolve();
      this.saidOff = true;
      log.info(
        'Discord is off: no bot token. Create an application and bot in the Discord developer portal, then set ' +
          'chat.discord.token in config/axepilot.yaml or the DISCORD_TOKEN environment variable',
      );
      return Promise.resolve();
    }
    this.stopping = new AbortController();
    this.track(this.connect(token, this.stopping.signal));
    log.info('Discord: connecting');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    const client = this.client;
    if (!client) return;
    this.client = null;
    await Promise.allSettled([...this.inFlight]);
    await client.destroy();
  }

  private newClient(): Client {
    const { log } = this.options;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: {
        ...(this.options.restApi ? { api: this.options.restApi } : {}),
        // undici 7 (the miners' HTTP client) installs the process-wide dispatcher; @discordjs/rest's undici 6 request
        // hands it Node's own FormData, which undici 7 cannot read ("action is not a function"), so every upload
        // failed. Node's fetch serialises its own FormData before any dispatcher sees it.
        makeRequest: (url, init) => fetch(url, init),
      },
    });
    client.on('error', (error) => log.error({ err: redactSecrets(errorMessage(error)) }, 'Discord client error'));
    client.on('shardError', (error) => log.warn({ err: redactSecrets(errorMessage(error)) }, 'Discord connection error'));
    client.once('clientReady', (ready) => {
      log.info({ bot: ready.user.tag }, 'Discord bot connected');
      this.track(this.publishCommands(ready));
    });
    client.on('interactionCreate', (interaction) => this.onInteraction(interaction));
    return client;
  }

  /** Logs in, trying again after a failed login (login-retry.ts); discord.js itself resumes dropped sessions. */
  private async connect(token: string, signal: AbortSignal): Promise<void> {
    await loginWithRetry({
      token, signal, clock: this.options.clock, log: this.options.log, policy: this.options.loginRetry ?? LOGIN_RETRY,
      newClient: () => {
        this.client = this.newClient();
        return this.client;
      },
    });
  }

  /**
   * A proactive message (an alert, a digest) to a channel. Rejects with `DiscordChannelUnreachableError` (403/404,
   * or not a text channel), `DiscordMessageRefusedError` (another 4xx), `DiscordOffError` (no token); anything else
   * means "try later".
   */
  async sendTo(channelId: string, reply: PreparedReply, options: DiscordSendOptions = {}): Promise<void> {
    const client = this.client;
    if (!client) throw new DiscordOffError();
    try {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new DiscordChannelUnreachableError(`Discord channel ${channelId} is not one the bot can post in`);
      // Alerts compose their Acknowledge/Snooze ids unsigned (alerts sit below chat/); the router signs them here.
      const mention = mentionOf(this.options.criticalMention);
      const messages = renderAlert(this.options.router.signButtons(reply), { now: this.options.clock.now(), criticalMention: mention?.text ?? null });
      for (const message of messages) {
        await channel.send({
          ...payloadOf(message),
          ...(mention && message.content.includes(mention.text) ? { allowedMentions: mention.allowed } : {}),
          ...(options.silent ? { flags: MessageFlags.SuppressNotifications as const } : {}),
        } satisfies MessageCreateOptions);
      }
    } catch (error) {
      throw classifySendError(error, channelId);
    }
  }

  /**
   * A message that will be edited in place later (a benchmark's progress, with its Stop button): returns a handle to
   * edit it by, with `editablePayload`.
   */
  async postEditable(channelId: string, message: PreparedReply): Promise<Message | null> {
    const client = this.client;
    if (!client) throw new DiscordOffError();
    try {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new DiscordChannelUnreachableError(`Discord channel ${channelId} is not one the bot can post in`);
      return await channel.send(this.editablePayload(message));
    } catch (error) {
      throw classifySendError(error, channelId);
    }
  }

  /**
   * The content and buttons of a message edited in place, its buttons signed (the benchmark composes its Stop
   * unsigned: bench sits below chat/). No buttons takes the old ones away.
   */
  editablePayload(message: PreparedReply): Pick<MessageCreateOptions, 'content' | 'components'> & { allowedMentions: MessageMentionOptions } {
    // Progress is a few short lines: one message, and the buttons on it.
    const [first] = renderReply(this.options.router.signButtons(message));
    return { content: first?.content ?? '', components: first?.components ?? [], allowedMentions: NO_MENTIONS };
  }

  private async publishCommands(client: Client<true>): Promise<void> {
    const { commands, skipped } = slashCommandsFrom(this.options.router.commandsFor('admin'));
    if (skipped.length > 0) this.options.log.warn({ skipped }, 'commands Discord cannot register');
    try {
      const guilds = this.options.guildIds ?? [];
      if (guilds.length === 0) await client.application.commands.set(commands);
      for (const guildId of guilds) await client.application.commands.set(commands, guildId);
      // Guild commands show at once; global copies left from before would show every command twice in that server.
      if (guilds.length > 0) await client.application.commands.set([]);
      this.options.log.info({ commands: commands.length }, 'Discord slash commands registered');
    } catch (error) {
      this.options.log.warn({ err: redactSecrets(errorMessage(error)) }, 'cannot register the Discord slash commands');
    }
  }

  private onInteraction(interaction: Interaction): void {
    if (interaction.isChatInputCommand()) this.track(this.handleCommand(interaction));
    else if (interaction.isAutocomplete()) this.track(this.handleAutocomplete(interaction));
    else if (interaction.isButton()) this.track(handlePress(interaction, this.options.router));
  }

  private async handleCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const { router } = this.options;
    const user = chatUserOf(interaction);
    const name = interaction.commandName;
    let words: string[];
    try {
      words = wordsOfInteraction(router.command(name), interaction.options.data);
    } catch (error) {
      // A subcommand this version does not know: registered by an older one, until the next registration.
      if (!(error instanceof UsageError)) throw error;
      await interaction.reply({ content: error.message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    // Refusals and usage errors are for the asker alone; ephemeral is fixed at the first answer, so decide it now.
    const ephemeral = router.roleOf(user) === 'none' || router.answersPrivately(user, name, words);
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await router.run(user, name, words);
    if (!reply) {
      // The router stays quiet for a stranger it refused a moment ago; the "thinking…" must not hang there.
      await interaction.deleteReply();
      return;
    }
    try {
      const [first, ...rest] = renderMessage(reply);
      if (first) await interaction.editReply(payloadOf(first));
      for (const message of rest) await interaction.followUp({ ...payloadOf(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) });
      if (hasConfirm(reply)) this.track(this.removeButtonsWhenExpired(interaction));
    } catch (error) {
      if (!isUploadTooLarge(error)) throw error;
      // Said in place of the answer, so the asker learns why and what to ask for instead.
      const [notice] = renderReply({ blocks: [text(tooLargeNotice(reply))], buttons: [] });
      if (notice) await interaction.editReply({ ...payloadOf(notice), attachments: [] });
    } finally {
      await discardReplyFiles(reply.blocks);
    }
  }

  /** A Confirm that has expired comes off the message, as Discord's own confirmations do, instead of answering "expired". */
  private async removeButtonsWhenExpired(interaction: ChatInputCommandInteraction): Promise<void> {
    try {
      await this.options.clock.sleep(CONFIRM_WINDOW_MS, this.stopping.signal);
    } catch {
      // Stopping: the buttons stay, and answer "expired" if pressed.
      return;
    }
    await interaction.editReply({ components: [] });
  }

  /** Miner names and firing alerts while someone types; nothing for a stranger. */
  private async handleAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const { router } = this.options;
    if (router.roleOf(chatUserOf(interaction)) === 'none') {
      await interaction.respond([]);
      return;
    }
    const found = focusedArg(router.command(interaction.commandName), interaction.options.data);
    await interaction.respond(found ? suggestionsFor(found.arg, found.typed, router.services) : []);
  }

  /** Every interaction runs inside an error boundary: one failed reply never reaches the client or the service. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.log.error({ err: redactSecrets(errorMessage(error)) }, 'Discord task failed');
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

function hasConfirm(reply: PreparedReply): boolean {
  return reply.buttons.some((row) => row.some((button) => button.expiresAt !== undefined));
}
