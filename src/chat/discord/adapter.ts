/**
 * Discord for axepilot, through discord.js 14 over the gateway: slash commands and button presses become router
 * calls, prepared replies become markdown messages with attachments and button rows. No business logic lives here.
 *
 * discord.js facts this relies on (docs/research/chat-bots-and-alerting.md §3): an interaction must be acknowledged
 * within 3 s, so every handler defers first and answers by editing; ephemeral is fixed at that first answer, so the
 * role is looked up before deferring; an unhandled 'error' event would end the process, so one is always set.
 */
import {
  Client, GatewayIntentBits, MessageFlags,
  type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type Message, type MessageCreateOptions,
} from 'discord.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { redactSecrets, type Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import { tokenize } from '../args.js';
import type { ChatUser } from '../identity.js';
import type { CommandRouter, PreparedReply } from '../router.js';
import { discardReplyFiles } from '../reply-files.js';
import { renderReply, type DiscordMessage } from './render.js';
import { classifySendError, DiscordChannelUnreachableError, DiscordOffError } from './send-errors.js';
import { ARGS_OPTION, slashCommandsFrom } from './slash-commands.js';

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
  /** Register the commands in these guilds (instant) instead of globally (up to an hour to show up). */
  guildIds?: readonly string[];
}

export interface DiscordSendOptions {
  /** Delivered without a push notification (flag SuppressNotifications), e.g. in quiet hours. */
  silent?: boolean;
}

/** Miner names and error texts are user data: an `@everyone` in them must not ping anyone. */
const NO_MENTIONS = { parse: [] };

export class DiscordAdapter implements Service {
  readonly name = 'discord chat';
  private client: Client | null = null;
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
    this.client = client;
    this.track(
      client.login(token).then(
        () => undefined,
        (error: unknown) => log.error({ err: redactSecrets(errorMessage(error)) }, 'Discord login failed; Discord stays off until a restart'),
      ),
    );
    log.info('Discord: connecting');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    await Promise.allSettled([...this.inFlight]);
    await client.destroy();
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
      for (const message of renderReply(this.options.router.signButtons(reply))) {
        await channel.send({
          ...payloadOf(message),
          ...(options.silent ? { flags: MessageFlags.SuppressNotifications as const } : {}),
        } satisfies MessageCreateOptions);
      }
    } catch (error) {
      throw classifySendError(error, channelId);
    }
  }

  /** A text message that will be edited in place later (a benchmark's progress): returns a handle to edit it by. */
  async postEditable(channelId: string, body: string): Promise<Message | null> {
    const client = this.client;
    if (!client) throw new DiscordOffError();
    try {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new DiscordChannelUnreachableError(`Discord channel ${channelId} is not one the bot can post in`);
      const [first] = renderReply({ blocks: [{ kind: 'text', text: body, style: 'plain' }], buttons: [] });
      return first ? await channel.send(payloadOf(first)) : null;
    } catch (error) {
      throw classifySendError(error, channelId);
    }
  }

  private async publishCommands(client: Client<true>): Promise<void> {
    const { commands, skipped } = slashCommandsFrom(this.options.router.commandsFor('admin'));
    if (skipped.length > 0) this.options.log.warn({ skipped }, 'commands Discord cannot register');
    try {
      const guilds = this.options.guildIds ?? [];
      if (guilds.length === 0) await client.application.commands.set(commands);
      for (const guildId of guilds) await client.application.commands.set(commands, guildId);
      this.options.log.info({ commands: commands.length }, 'Discord slash commands registered');
    } catch (error) {
      this.options.log.warn({ err: redactSecrets(errorMessage(error)) }, 'cannot register the Discord slash commands');
    }
  }

  private onInteraction(interaction: Interaction): void {
    if (interaction.isChatInputCommand()) this.track(this.handleCommand(interaction));
    else if (interaction.isButton()) this.track(this.handlePress(interaction));
  }

  private async handleCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const user = chatUserOf(interaction);
    // A stranger's refusal carries their id: only they should see it.
    const ephemeral = this.options.router.roleOf(user) === 'none';
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const words = tokenize(interaction.options.getString(ARGS_OPTION) ?? '');
    const reply = await this.options.router.run(user, interaction.commandName, words);
    if (!reply) {
      // The router stays quiet for a stranger it refused a moment ago; the "thinking…" must not hang there.
      await interaction.deleteReply();
      return;
    }
    try {
      const [first, ...rest] = renderReply(reply);
      if (first) await interaction.editReply(payloadOf(first));
      for (const message of rest) await interaction.followUp({ ...payloadOf(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) });
    } finally {
      await discardReplyFiles(reply.blocks);
    }
  }

  private async handlePress(interaction: ButtonInteraction): Promise<void> {
    await interaction.deferUpdate();
    const outcome = await this.options.router.pressButton(chatUserOf(interaction), interaction.customId);
    if (outcome.notice) {
      await interaction.followUp({ content: outcome.notice, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
    if (!outcome.reply) return;
    try {
      await this.sendPressReply(interaction, outcome.reply, outcome.edit);
    } finally {
      await discardReplyFiles(outcome.reply.blocks);
    }
  }

  private async sendPressReply(interaction: ButtonInteraction, reply: PreparedReply, edit: boolean): Promise<void> {
    const messages = renderReply(reply);
    if (edit && messages[0]) {
      const [first, ...rest] = messages;
      // Without `attachments: []` the old chart would stay next to the new one.
      await interaction.editReply({ ...payloadOf(first), attachments: [] });
      for (const message of rest) await interaction.followUp(payloadOf(message));
      return;
    }
    for (const message of messages) await interaction.followUp(payloadOf(message));
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

function payloadOf(message: DiscordMessage): { content: string; files: DiscordMessage['files']; components: DiscordMessage['components']; allowedMentions: typeof NO_MENTIONS } {
  return { content: message.content, files: message.files, components: message.components, allowedMentions: NO_MENTIONS };
}

export function chatUserOf(interaction: ChatInputCommandInteraction | ButtonInteraction): ChatUser {
  return {
    platform: 'discord',
    id: interaction.user.id,
    displayName: interaction.user.globalName ?? interaction.user.username,
    chatId: interaction.channelId,
    isGroup: interaction.inGuild(),
  };
}
