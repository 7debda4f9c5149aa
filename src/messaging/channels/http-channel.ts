import type { Clock } from '../../core/clock.js';
import type { Service } from '../../core/service.js';
import type { ChatPlatform, SendOptions } from '../chat-platform.js';
import type { ChatTarget } from '../chat-target.js';
import type { Message } from '../message.js';
import { ChannelSwitch } from './channel-switch.js';
import { exchange, failureOfStatus, type ChannelAnswer, type ChannelRequest } from './http-delivery.js';

/**
 * What every HTTP notification channel (ntfy, webhook, Pushover, Gotify) does the same way, written once: on when
 * configured and off for good after a refused credential (`ChannelSwitch`), one request per message with no retry
 * of its own (the outbox retries, honouring `Retry-After`), the answer turned into the messaging error vocabulary,
 * and requests cut off at `stop()`. A channel says only what it sends (its `RequestBuilder`), and where its server
 * answers in its own words, `answer()` or `failureOf()`.
 */
export interface HttpChannelOptions<Config> {
  /** The channel's section under `notify:`. */
  config: Config;
  clock: Clock;
}

/** The one request that carries a message; `now` for a channel that stamps its body (the webhook's `sentAt`). */
export type RequestBuilder<Config> = (config: Config, message: Message, options: SendOptions, now: number) => ChannelRequest;

export abstract class HttpChannel<Options extends HttpChannelOptions<unknown>> implements ChatPlatform, Service {
  private readonly switch: ChannelSwitch;
  private abort = new AbortController();

  protected constructor(
    readonly name: string,
    configured: boolean,
    protected readonly options: Options,
    private readonly request: RequestBuilder<Options['config']>,
  ) {
    this.switch = new ChannelSwitch(name, configured);
  }

  get enabled(): boolean {
    return this.switch.enabled;
  }

  start(): Promise<void> {
    this.abort = new AbortController();
    return Promise.resolve();
  }

  /** Cuts off a request on the wire; its message stays in the outbox for the next start. */
  stop(): Promise<void> {
    this.abort.abort();
    return Promise.resolve();
  }

  send(_target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    return this.switch.deliver(async () => {
      const failure = this.failureOf(await this.answer(message, options));
      if (failure) throw failure;
    });
  }

  /** Sends the message and returns the server's answer, whatever its status. */
  protected answer(message: Message, options: SendOptions): Promise<ChannelAnswer> {
    return this.exchange(this.request(this.options.config, message, options, this.options.clock.now()));
  }

  /** The error an answer means (null for a success), by its HTTP status. */
  protected failureOf(answer: ChannelAnswer): Error | null {
    return failureOfStatus(this.name, answer);
  }

  protected exchange(request: ChannelRequest): Promise<ChannelAnswer> {
    return exchange(this.name, request, { clock: this.options.clock, signal: this.abort.signal });
  }
}
