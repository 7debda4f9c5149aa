import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { ChatPlatform } from '../chat-platform.js';
import type { PlatformRegistration, StandingSubscription } from '../platforms.js';
import { CHANNEL_CHAT_ID } from './channel-text.js';
import { EmailChannel } from './email.js';
import { GotifyChannel } from './gotify.js';
import { NtfyChannel } from './ntfy.js';
import { PushoverChannel } from './pushover.js';
import { WebhookChannel } from './webhook.js';

/**
 * The notification channels the config turns on, each ready for the platform registry: the channel, and the one
 * standing subscription it has (its own minimum level and quiet hours). A channel that turned itself off (its server
 * refused the credentials) drops out of the subscriptions, so new alerts are not queued for it; the waiting ones
 * wait for a restart with a fixed config.
 */

export type NotificationChannel = ChatPlatform & Service;

export interface ChannelRegistration extends PlatformRegistration {
  platform: NotificationChannel;
}

export function notificationChannels(notify: Config['notify'], deps: { clock: Clock; log: Logger }): ChannelRegistration[] {
  const { clock, log } = deps;
  const made: Array<{ channel: NotificationChannel; settings: { minSeverity: StandingSubscription['minSeverity']; quietHours: StandingSubscription['quietHours'] } }> = [];
  if (notify.ntfy.enabled) made.push({ channel: new NtfyChannel({ config: notify.ntfy, clock, log }), settings: notify.ntfy });
  if (notify.webhook.enabled) made.push({ channel: new WebhookChannel({ config: notify.webhook, clock }), settings: notify.webhook });
  if (notify.email.enabled) made.push({ channel: new EmailChannel({ config: notify.email }), settings: notify.email });
  if (notify.pushover.enabled) made.push({ channel: new PushoverChannel({ config: notify.pushover, clock }), settings: notify.pushover });
  if (notify.gotify.enabled) made.push({ channel: new GotifyChannel({ config: notify.gotify, clock }), settings: notify.gotify });
  return made.map(({ channel, settings }) => ({
    platform: channel,
    subscriptions: () =>
      channel.enabled
        ? [{ target: { platform: channel.name, chatId: CHANNEL_CHAT_ID }, minSeverity: settings.minSeverity, quietHours: settings.quietHours }]
        : [],
  }));
}
