import type { Clock } from '../core/clock.js';
import type { ActiveAlert } from './engine/alert-record.js';
import type { AlertDelivery } from './delivery/alert-delivery.js';
import type { Message } from '../messaging/message.js';
import type { AlertEngine } from './engine/engine.js';
import { splitAlertIds, ALERT_ID_SEPARATOR } from './engine/notification.js';
import type { OutboxRepository } from '../messaging/outbox.js';
import type { ChatSubscription, SubscriptionRepository } from './delivery/subscriptions.js';
import { sameChat, type ChatTarget } from '../messaging/chat-target.js';
import type { PlatformRegistry } from '../messaging/platforms.js';
import type { Severity } from './types.js';

export interface AlertDeskOptions {
  engine: AlertEngine;
  delivery: AlertDelivery;
  subscriptions: SubscriptionRepository;
  outbox: OutboxRepository;
  alertChats: readonly ChatTarget[];
  /** Whether this process can deliver alerts to a chat (a console chat cannot receive them). */
  platforms: Pick<PlatformRegistry, 'canDeliverTo'>;
  /** Builds the digest of the last 24 h, now. */
  buildDigest: () => Promise<Message>;
  digest: { enabled: boolean; time: string; timeZone: string };
  clock: Clock;
}

/** Notification ids start with `n` (notification.ts); a grouped message too large for a button names itself so. */
const NOTIFICATION_ID = /^n[A-Za-z0-9_-]{8,}$/;

/**
 * What chat commands do with alerts, in one place: what fires, acknowledge and snooze (by alert id, group, or the
 * notification a button came from), mutes, this chat's subscription, the test message and the digest.
 */
export class AlertDesk {
  constructor(private readonly options: AlertDeskOptions) {}

  get engine(): AlertEngine {
    return this.options.engine;
  }

  get digestSchedule(): { enabled: boolean; time: string; timeZone: string } {
    return this.options.digest;
  }

  firing(): ActiveAlert[] {
    return this.options.engine.firing();
  }

  /** `a1+a2` → both; `n…` → the alerts of that message; `all` → everything firing now. */
  resolveAlertIds(argument: string): string[] {
    const word = argument.trim();
    if (word.toLowerCase() === 'all') return this.firing().map((a) => a.id);
    if (NOTIFICATION_ID.test(word)) return this.options.outbox.alertIdsOf(word) ?? [];
    return splitAlertIds(word);
  }

  acknowledge(argument: string, by: string): ActiveAlert[] {
    const ids = this.resolveAlertIds(argument);
    return ids.length === 0 ? [] : this.options.engine.acknowledge(ids.join(ALERT_ID_SEPARATOR), by);
  }

  snooze(argument: string, ms: number, by: string): ActiveAlert[] {
    const ids = this.resolveAlertIds(argument);
    return ids.length === 0 ? [] : this.options.engine.snooze(ids.join(ALERT_ID_SEPARATOR), ms, by);
  }

  canDeliverTo(target: ChatTarget): boolean {
    return this.options.platforms.canDeliverTo(target);
  }

  /** Whether the config names this chat (or the group of this topic) as an alert chat: it gets everything. */
  isAlertChat(target: ChatTarget): boolean {
    return this.options.alertChats.some((chat) => sameChat(chat, { platform: target.platform, chatId: target.chatId }));
  }

  subscription(target: ChatTarget): ChatSubscription | null {
    return this.options.subscriptions.get(target);
  }

  subscribe(target: ChatTarget, minSeverity: Severity, by: string): ChatSubscription {
    return this.options.subscriptions.subscribe({ ...target, minSeverity, by, now: this.options.clock.now() });
  }

  unsubscribe(target: ChatTarget): boolean {
    return this.options.subscriptions.unsubscribe(target);
  }

  /** Queues the engine's test message to this chat alone, through the outbox like any alert. */
  sendTest(target: ChatTarget, by: string): void {
    this.options.delivery.deliver(this.options.engine.testNotification(by), [target]);
  }

  buildDigest(): Promise<Message> {
    return this.options.buildDigest();
  }

  /** Today's digest to the alert chats and subscribers (what the schedule does); returns how many chats. */
  async sendDigest(): Promise<number> {
    const message = await this.options.buildDigest();
    const now = this.options.clock.now();
    return this.options.delivery.queueMessage({ kind: 'digest', id: `digest:${new Date(now).toISOString().slice(0, 16)}`, message });
  }
}
