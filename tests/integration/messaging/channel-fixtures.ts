/** Messages and config the notification channel tests share. */
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { readingFields } from '../../../src/messaging/channels/alert-fields.js';
import { textBlock, type Message } from '../../../src/messaging/message.js';

/** A real 1×1 PNG: the channels pass bytes through, the tests compare them. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export const TARGET = { platform: 'channel', chatId: 'owner' };

/** An alert as src/alerts/alert-message.ts makes it: text, title, severity, the facts in fields, the AxeOS link. */
export function alertMessage(overrides: Partial<Message> = {}): Message {
  return {
    blocks: [textBlock('🔴 gamma: chip temperature\nchip 76.3 °C (critical ≥ 75 °C)')],
    buttons: [[{ label: 'Acknowledge', id: 'c:ack a1' }]],
    title: '🔴 gamma: chip temperature',
    severity: 'critical',
    link: 'http://192.168.1.50/',
    fields: {
      notificationId: 'n1', kind: 'firing', rule: 'chipTemp', severity: 'critical', miners: 'gamma', alertIds: 'a1', createdAt: 1,
      ...readingFields([{ miner: 'gamma', value: 76.3, summary: 'chip 76.3 °C (critical ≥ 75 °C)' }]),
    },
    ...overrides,
  };
}

export function withChart(message: Message): Message {
  return { ...message, blocks: [...message.blocks, { kind: 'image', png: TINY_PNG, filename: 'gamma-chip.png', caption: 'gamma, chip °C, 6 h' }] };
}

export function notifyConfig(notify: Record<string, unknown>): Config['notify'] {
  return parseConfig({ notify }, {}).notify;
}
