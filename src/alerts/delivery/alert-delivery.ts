import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { MessageSender } from '../../messaging/chat-platform.js';
import { chatKey, targetOf, type ChatTarget } from '../../messaging/chat-target.js';
import type { Message } from '../../messaging/message.js';
import type { OutboxRepository } from '../../messaging/outbox.js';
import type { StandingSubscription } from '../../messaging/platforms.js';
import type { AlertHistory } from './alert-history.js';
import { alertMessage } from './alert-message.js';
import type { AlertNotification } from '../engine/notification.js';
import { isQuietTime } from '../engine/quiet-hours.js';
import type { SubscriptionRepository } from './subscriptions.js';
import { alertTargets, digestTargets, type AlertTarget } from './targets.js';

export interface AlertDeliveryOptions {
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  history: AlertHistory;
  /** The chats named in the config (`chat.telegram.alertChatIds`). */
  alertChats: readonly ChatTarget[];
  /** Targets subscribed by config besides the chats (notification channels), each with its level and quiet hours. */
  standing?: () => readonly StandingSubscription[];
  timeZone?: string;
  /** A miner's AxeOS page, linked from the alert on channels that open a link (ntfy, Gotify, Pushover, e-mail). */
  minerPage?: (miner: string) => string | null;
  clock: Clock;
  log: Logger;
}

/**
 * Where the engine's messages go: one outbox row per target chat (the configured alert chats plus the subscribers
 * whose minimum the message meets), stored before anything is sent, plus a line in the alert history.
 */
export class AlertDelivery {
  private warnedNobodyListens = false;
  private directSender: MessageSender | null = null;

  constructor(private readonly options: AlertDeliveryOptions) {}

  /**
   * The last resort for critical alerts while the database cannot be written (disk full, failing disk): they go to
   * their chats directly, once, without the outbox, rather than waiting for the disk that is the problem.
   */
  useDirectSender(sender: MessageSender): void {
    this.directSender = sender;
  }

  /**
   * The engine's `onNotification`. Throws when the rows cannot be stored, so that the engine keeps the message and
   * tries again on its next tick; a critical one is sent directly instead, when a direct sender is set.
   */
  deliver(notification: AlertNotification, only?: readonly ChatTarget[]): void {
    const targets: AlertTarget[] = only ? only.map((target) => ({ ...target, quiet: false })) : this.targetsOf(notification);
    const message = alertMessage(notification, this.options.minerPage);
    try {
      this.store(notification, targets, message);
    } catch (error) {
      if (!this.directSender || notification.severity !== 'critical' || targets.length === 0) throw error;
      this.sendDirectly(this.directSender, notification, targets, message, error);
    }
  }

  private sendDirectly(sender: MessageSender, notification: AlertNotification, targets: readonly ChatTarget[], message: Message, cause: unknown): void {
    const { log } = this.options;
    log.error({ rule: notification.rule, chats: targets.length, err: errorMessage(cause) }, 'cannot store an alert message; sending it directly, without the outbox');
    for (const target of targets) {
      sender.send(target, message, { silent: notification.silent }).catch((error: unknown) => {
        log.error({ chat: chatKey(target), err: errorMessage(error) }, 'a critical alert sent without the outbox did not arrive');
      });
    }
    this.options.history.record(notification);
  }

  private store(notification: AlertNotification, targets: readonly AlertTarget[], message: Message): void {
    this.options.outbox.add(
      targets.map(({ quiet, ...target }) => ({
        ...targetOf(target),
        kind: notification.rule === 'test' ? 'test' : notification.kind,
        notificationId: notification.id,
        alertIds: notification.alertIds,
        silent: notification.silent || quiet,
        message,
        createdAt: notification.createdAt,
      })),
    );
    this.options.history.record(notification);
    if (targets.length === 0 && !this.warnedNobodyListens) {
      this.warnedNobodyListens = true;
      this.options.log.warn(
        { rule: notification.rule },
        'an alert went to no chat: list chats in chat.telegram.alertChatIds, or send /subscribe to the bot',
      );
    }
  }

  /** Queues a digest (or any message) to the given chats, or to the digest's usual chats; returns how many. */
  queueMessage(input: { kind: string; id: string; message: Message; targets?: readonly ChatTarget[] }): number {
    const targets = input.targets ?? digestTargets({
      alertChats: this.options.alertChats,
      subscribers: [...this.options.subscriptions.active(), ...this.standing().map((s) => s.target)],
    });
    const createdAt = this.options.clock.now();
    return this.options.outbox.add(
      targets.map((target) => ({
        ...target, kind: input.kind, notificationId: input.id, alertIds: [], silent: true, message: input.message, createdAt,
      })),
    );
  }

  private targetsOf(notification: AlertNotification): AlertTarget[] {
    const now = this.options.clock.now();
    const timeZone = this.options.timeZone ?? 'UTC';
    return alertTargets(notification, {
      alertChats: this.options.alertChats,
      subscribers: this.options.subscriptions.active(),
      standing: this.standing().map((s) => ({ ...s.target, minSeverity: s.minSeverity, quiet: isQuietTime(now, s.quietHours, timeZone) })),
    });
  }

  private standing(): readonly StandingSubscription[] {
    return this.options.standing?.() ?? [];
  }
}
