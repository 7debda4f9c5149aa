import type { ChatPlatform, PostedMessage, SendOptions } from './chat-platform.js';
import { chatKey, type ChatTarget } from './chat-target.js';
import { PlatformUnavailableError } from './errors.js';
import { textMessage, type Message, type MessageButton, type Severity } from './message.js';

/**
 * A target that receives alerts because a platform's config says so, not because someone typed /subscribe there: the
 * one chat of each channel under `notify:` (an ntfy topic, a webhook, a mailbox). Each has its own minimum level and
 * quiet hours. (The alert chats under `chat:` are read from the config by alerts/delivery/targets.ts.)
 */
export interface StandingSubscription {
  target: ChatTarget;
  minSeverity: Severity;
  /** Local times `HH:MM` in the configured time zone; alerts below critical wait until `to`. */
  quietHours: { from: string; to: string } | null;
}

/** What a platform may add to the registry besides sending: the targets its own config subscribes to alerts. */
export interface PlatformRegistration {
  platform: ChatPlatform;
  /** Targets that get alerts (and the digest) by config; read anew at each delivery, so a platform turned off drops out. */
  subscriptions?: () => readonly StandingSubscription[];
  /**
   * Whether a message for this target is worth keeping in the outbox. Defaults to `platform.enabled`; Telegram says
   * yes even without a token, so alerts wait for the restart that brings one.
   */
  accepts?: (target: ChatTarget) => boolean;
}

/** The one list of platforms, registered once in main.ts; messaging finds a target's platform here by its name. */
export interface PlatformRegistry {
  byName(name: string): ChatPlatform | null;
  /** Can a message for this target be delivered from this process (now, or from the outbox later)? */
  canDeliverTo(target: ChatTarget): boolean;
  standingSubscriptions(): StandingSubscription[];
  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void>;
}

export class ChatPlatforms implements PlatformRegistry {
  private readonly registrations = new Map<string, PlatformRegistration>();

  register(registration: PlatformRegistration | ChatPlatform): this {
    const entry = 'platform' in registration ? registration : { platform: registration };
    const name = entry.platform.name;
    if (this.registrations.has(name)) throw new Error(`chat platform ${name} is registered twice`);
    this.registrations.set(name, entry);
    return this;
  }

  byName(name: string): ChatPlatform | null {
    return this.registrations.get(name)?.platform ?? null;
  }

  canDeliverTo(target: ChatTarget): boolean {
    const entry = this.registrations.get(target.platform);
    if (!entry) return false;
    return entry.accepts ? entry.accepts(target) : entry.platform.enabled;
  }

  standingSubscriptions(): StandingSubscription[] {
    const seen = new Set<string>();
    const all: StandingSubscription[] = [];
    for (const entry of this.registrations.values()) {
      for (const subscription of entry.subscriptions?.() ?? []) {
        const key = chatKey(subscription.target);
        if (seen.has(key)) continue;
        seen.add(key);
        all.push(subscription);
      }
    }
    return all;
  }

  send(target: ChatTarget, message: Message, options: SendOptions): Promise<void> {
    const platform = this.byName(target.platform);
    if (!platform) return Promise.reject(new PlatformUnavailableError(`axepilot cannot send to ${target.platform} chats`));
    return platform.send(target, message, options);
  }

  /** A message to edit in place, where the target's platform can edit; where it cannot, a plain message and null. */
  async post(target: ChatTarget, text: string, buttons?: MessageButton[][]): Promise<PostedMessage | null> {
    const platform = this.byName(target.platform);
    if (!platform?.enabled) throw new PlatformUnavailableError(`axepilot cannot send to ${target.platform} chats now`);
    if (platform.post) return platform.post(target, text, buttons);
    await platform.send(target, textMessage(text), { silent: false });
    return null;
  }

  async edit(posted: PostedMessage, text: string, buttons?: MessageButton[][]): Promise<void> {
    const platform = this.byName(posted.target.platform);
    if (!platform?.edit) throw new PlatformUnavailableError(`axepilot cannot edit messages on ${posted.target.platform}`);
    await platform.edit(posted, text, buttons);
  }
}
