import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AlertHistory } from './alert-history.js';
import type { AlertSender } from './dispatcher.js';
import { alertMessage, type DeliveryMessage } from './delivery-message.js';
import type { AlertNotification } from './notification.js';
import type { OutboxRepository } from './outbox.js';
import type { SubscriptionRepository } from './subscriptions.js';
import { alertTargets, chatKey, digestTargets, type ChatTarget } from './targets.js';

export interface AlertDeliveryOptions {
  outbox: OutboxRepository;
  subscriptions: SubscriptionRepository;
  history: AlertHistory;
  /** The chats named in the config (`chat.telegram.alertChatIds`). */
  alertChats: readonly ChatTarget[];
  clock: Clock;
  log: Logger;
}

/** The part of the engine `/alerttest` needs. */
export interface TestNotifier {
  testNotification(by: string): AlertNotification;
}

/**
 * Where the engine's messages go: one outbox row per target chat (the configured alert chats plus the subscribers
 * whose minimum the message meets), stored before anything is sent, plus a line in the alert history.
 */
export class AlertDelivery {
  /** Set only while `/alerttest` runs the engine's test: that message goes to the asking chat alone. */
  private testTarget: ChatTarget | null = null;
  private warnedNobodyListens = false;
  private directSender: AlertSender | null = null;

  constructor(private readonly options: AlertDeliveryOptions) {}

  /**
   * The last resort for critical alerts while the database cannot be written (disk full, failing disk): they go to
   * their chats directly, once, without the outbox, rather than waiting for the disk that is the problem.
   */
  useDirectSender(sender: AlertSender): void {
    this.directSender = sender;
  }

  /**
   * The engine's `onNotification`. Throws when the rows cannot be stored, so that the engine keeps the message and
   * tries again on its next tick; a critical one is sent directly instead, when a direct sender is set.
   */
  deliver(notification: AlertNotification): void {
    const targets = notification.rule === 'test' ? (this.testTarget ? [this.testTarget] : []) : this.targetsOf(notification);
    const message = alertMessage(notification);
    try {
      this.store(notification, targets, message);
    } catch (error) {
      if (!this.directSender || notification.severity !== 'critical' || targets.length === 0) throw error;
      this.sendDirectly(this.directSender, notification, targets, message, error);
    }
  }

  private sendDirectly(sender: AlertSender, notification: AlertNotification, targets: readonly ChatTarget[], message: DeliveryMessage, cause: unknown): void {
    const { log } = this.options;
    log.error({ rule: notification.rule, chats: targets.length, err: errorMessage(cause) }, 'cannot store an alert message; sending it directly, without the outbox');
    for (const target of targets) {
      sender.send(target.platform, target.chatId, message, { silent: notification.silent }).catch((error: unknown) => {
        log.error({ chat: chatKey(target), err: errorMessage(error) }, 'a critical alert sent without the outbox did not arrive');
      });
    }
    this.options.history.record(notification);
  }

  private store(notification: AlertNotification, targets: readonly ChatTarget[], message: DeliveryMessage): void {
    this.options.outbox.add(
      targets.map((target) => ({
        ...target,
        kind: notification.rule === 'test' ? 'test' : notification.kind,
        notificationId: notification.id,
        alertIds: notification.alertIds,
        silent: notification.silent,
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

  /** Sends the engine's test message through the whole path (outbox, sender, platform) to one chat. */
  sendTest(engine: TestNotifier, target: ChatTarget, by: string): AlertNotification {
    this.testTarget = target;
    try {
      return engine.testNotification(by);
    } finally {
      this.testTarget = null;
    }
  }

  /** Queues a digest (or any message) to the given chats, or to the digest's usual chats; returns how many. */
  queueMessage(input: { kind: string; id: string; message: DeliveryMessage; targets?: readonly ChatTarget[] }): number {
    const targets = input.targets ?? digestTargets({ alertChats: this.options.alertChats, subscribers: this.options.subscriptions.active() });
    const createdAt = this.options.clock.now();
    return this.options.outbox.add(
      targets.map((target) => ({
        ...target, kind: input.kind, notificationId: input.id, alertIds: [], silent: true, message: input.message, createdAt,
      })),
    );
  }

  /**
   * A chat blocked the bot (the chat adapter saw a 403, on any message): its subscription turns inactive and its
   * waiting alerts are dropped. Safe to hear twice.
   */
  chatBlocked(target: ChatTarget): void {
    try {
      const unsubscribed = this.options.subscriptions.deactivate(target, this.options.clock.now());
      const dropped = this.options.outbox.dropChat(target, 'the chat blocked the bot');
      if (unsubscribed || dropped > 0) this.options.log.info({ chat: chatKey(target), unsubscribed, dropped }, 'alert chat blocked the bot');
    } catch (error) {
      this.options.log.error({ chat: chatKey(target), err: errorMessage(error) }, 'cannot mark an alert chat as blocked');
    }
  }

  private targetsOf(notification: AlertNotification): ChatTarget[] {
    return alertTargets(notification, { alertChats: this.options.alertChats, subscribers: this.options.subscriptions.active() });
  }
}
