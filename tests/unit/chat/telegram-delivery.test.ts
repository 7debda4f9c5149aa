import { describe, expect, it } from 'vitest';
import { editCallFor, sendCallFor } from '../../../src/chat/telegram/delivery.js';
import type { OutgoingMessage } from '../../../src/chat/telegram/render.js';

const keyboard = { inline_keyboard: [[{ text: '6h', callback_data: 'b6h' }]] };
const png = Buffer.from('png');
const text: OutgoingMessage = { kind: 'text', html: '<b>Fleet</b>', keyboard: null };
const photo: OutgoingMessage = { kind: 'photo', data: png, filename: 'chart.png', captionHtml: 'gamma &amp; co', keyboard };

describe('sendCallFor', () => {
  it('sends text as HTML without link previews, silently when asked', () => {
    expect(sendCallFor(-42, text, true)).toEqual({
      method: 'sendMessage',
      params: {
        chat_id: -42, text: '<b>Fleet</b>', parse_mode: 'HTML', link_preview_options: { is_disabled: true },
        disable_notification: true,
      },
    });
    expect(sendCallFor(42, text, false).params).not.toHaveProperty('disable_notification');
  });

  it('uploads a photo as a named buffer with its caption and keyboard', () => {
    expect(sendCallFor(42, photo, false)).toEqual({
      method: 'sendPhoto',
      params: {
        chat_id: 42, photo: { source: png, filename: 'chart.png' }, caption: 'gamma &amp; co', parse_mode: 'HTML',
        reply_markup: keyboard,
      },
    });
  });
});

describe('editCallFor', () => {
  it('replaces a chart in place with new media, caption and keyboard', () => {
    expect(editCallFor(42, 7, 'photo', photo)).toEqual({
      method: 'editMessageMedia',
      params: {
        chat_id: 42, message_id: 7, reply_markup: keyboard,
        media: { type: 'photo', media: { source: png, filename: 'chart.png' }, caption: 'gamma &amp; co', parse_mode: 'HTML' },
      },
    });
  });

  it('edits text into text', () => {
    expect(editCallFor(42, 7, 'text', text)?.method).toBe('editMessageText');
  });

  it('cannot turn text into a photo or a photo into text', () => {
    expect(editCallFor(42, 7, 'text', photo)).toBeNull();
    expect(editCallFor(42, 7, 'photo', text)).toBeNull();
    expect(editCallFor(42, 7, 'other', photo)).toBeNull();
  });
});
