import { describe, expect, it } from 'vitest';
import type { ButtonRef, ReplyBlock } from '../../../src/chat/reply.js';
import type { PreparedReply } from '../../../src/chat/router.js';
import {
  CAPTION_LIMIT,
  TEXT_LIMIT,
  buildInlineKeyboard,
  escapeHtml,
  renderReply,
  splitCaption,
  textBlocksToHtml,
} from '../../../src/chat/telegram/render.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function prepared(blocks: ReplyBlock[], buttons: ButtonRef[][] = []): PreparedReply {
  return { blocks, buttons };
}

function unescape(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The visible text of a part: tags dropped, entities decoded. */
function visible(html: string): string {
  return unescape(html.replace(/<\/?(pre|b)>/g, ''));
}

/** `<pre>` and `</pre>` alternate, starting with an opening one, and every opened block is closed. */
function preIsBalanced(html: string): boolean {
  let open = false;
  for (const [tag] of html.matchAll(/<\/?pre>/g)) {
    if (tag === '<pre>' === open) return false;
    open = !open;
  }
  return !open;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escapeHtml', () => {
  it('escapes the three characters Telegram HTML reserves, and only those', () => {
    expect(escapeHtml('<b>rig & "co"</b> 5 > 4')).toBe('&lt;b&gt;rig &amp; "co"&lt;/b&gt; 5 &gt; 4');
  });

  it('escapes user data in every text style and in captions', () => {
    const name = 'garage<2>&co';
    const [message, photo] = renderReply(
      prepared([
        { kind: 'text', text: name, style: 'title' },
        { kind: 'text', text: `${name} 1.2 TH/s`, style: 'mono' },
        { kind: 'text', text: `error: ${name}`, style: 'plain' },
        { kind: 'image', png: PNG, filename: 'c.png', caption: `chart of ${name}` },
      ]),
    );
    expect(message).toMatchObject({
      kind: 'text',
      html: '<b>garage&lt;2&gt;&amp;co</b>\n\n<pre>garage&lt;2&gt;&amp;co 1.2 TH/s</pre>\n\nerror: garage&lt;2&gt;&amp;co',
    });
    expect(photo).toMatchObject({ kind: 'photo', captionHtml: 'chart of garage&lt;2&gt;&amp;co' });
  });
});

describe('textBlocksToHtml', () => {
  it('puts a title, a table and a line into one message', () => {
    const parts = textBlocksToHtml([
      { text: 'Fleet status', style: 'title' },
      { text: 'miner  GH/s\ngamma  1200', style: 'mono' },
      { text: 'Fleet: 1 of 1 online', style: 'plain' },
    ]);
    expect(parts).toEqual(['<b>Fleet status</b>\n\n<pre>miner  GH/s\ngamma  1200</pre>\n\nFleet: 1 of 1 online']);
  });

  it('skips empty blocks, so no part is blank', () => {
    expect(textBlocksToHtml([{ text: '  \n ', style: 'mono' }, { text: 'ok', style: 'plain' }])).toEqual(['ok']);
    expect(textBlocksToHtml([{ text: '\n\n', style: 'plain' }])).toEqual([]);
  });

  it('splits long text at 4096 on line boundaries and loses no line', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i}: ${'x'.repeat(i % 40)} & more`);
    const parts = textBlocksToHtml([{ text: lines.join('\n'), style: 'plain' }]);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(parts.flatMap((part) => visible(part).split('\n'))).toEqual(lines);
  });

  it('keeps <pre> balanced in every part when a table is split', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `sim-gamma-${i}  ok   1,203  98  61.2  <hot>`);
    const parts = textBlocksToHtml([
      { text: 'Fleet status', style: 'title' },
      { text: rows.join('\n'), style: 'mono' },
      { text: 'Fleet: 300 of 300 online', style: 'plain' },
    ]);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(preIsBalanced(part)).toBe(true);
    }
    // Every part but the last holds only table rows after the first, so each is a <pre> of its own.
    expect(parts[1]?.startsWith('<pre>')).toBe(true);
    expect(parts[1]?.endsWith('</pre>')).toBe(true);
    const seen = parts.flatMap((part) => visible(part).split('\n')).filter((line) => line !== '');
    expect(seen).toEqual(['Fleet status', ...rows, 'Fleet: 300 of 300 online']);
  });

  it('fills parts close to the limit rather than splitting early', () => {
    const lines = Array.from({ length: 100 }, () => 'y'.repeat(99));
    const parts = textBlocksToHtml([{ text: lines.join('\n'), style: 'mono' }]);
    // 100 lines of 100 characters with newline: 10,000 characters need three parts of at most 4096.
    expect(parts).toHaveLength(3);
  });

  it('cuts a single line longer than a message, never inside an entity or a character', () => {
    const line = `${'a&<'.repeat(1200)}${'😀'.repeat(1500)}`;
    const parts = textBlocksToHtml([{ text: line, style: 'mono' }]);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(preIsBalanced(part)).toBe(true);
      expect(part.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/&/);
      expect(part).not.toMatch(LONE_SURROGATE);
    }
    expect(parts.map(visible).join('')).toBe(line);
  });

  it('never lets a part exceed the limit, whatever the mix of styles', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => ({
      text: Array.from({ length: 7 + (i % 5) }, (_, j) => `${i}.${j} ${'&'.repeat((i * 7 + j) % 23)}`).join('\n'),
      style: (['plain', 'title', 'mono'] as const)[i % 3] ?? 'plain',
    }));
    const parts = textBlocksToHtml(blocks, 300);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300);
      expect(preIsBalanced(part)).toBe(true);
      expect(part.trim()).not.toBe('');
    }
  });
});

describe('captions', () => {
  it('keeps a caption of up to 1024 characters on the photo', () => {
    expect(splitCaption('x'.repeat(CAPTION_LIMIT))).toEqual({ captionHtml: 'x'.repeat(CAPTION_LIMIT), overflow: null });
    expect(splitCaption(undefined)).toEqual({ captionHtml: null, overflow: null });
    expect(splitCaption('   ')).toEqual({ captionHtml: null, overflow: null });
  });

  it('moves a longer caption into a text message after the photo, keyboard on the last message', () => {
    const caption = `${'long caption '.repeat(100)}<end>`;
    const messages = renderReply(
      prepared([{ kind: 'image', png: PNG, filename: 'chart.png', caption }], [[{ label: '6h', id: 'b1' }]]),
    );
    expect(messages.map((m) => m.kind)).toEqual(['photo', 'text']);
    expect(messages[0]).toMatchObject({ captionHtml: null, keyboard: null });
    expect(messages[1]).toMatchObject({ html: escapeHtml(caption.trim()) });
    expect(messages[1]?.keyboard?.inline_keyboard[0]?.[0]).toEqual({ text: '6h', callback_data: 'b1' });
  });

  it('measures the escaped caption, so one full of & cannot exceed Telegram\'s limit', () => {
    const { captionHtml, overflow } = splitCaption('&'.repeat(300));
    expect(captionHtml).toBeNull();
    expect(overflow).toBe('&'.repeat(300));
  });

  it('sends a file as a document with its caption', () => {
    const data = Buffer.from('ts,miner\n1,gamma\n');
    const [document] = renderReply(
      prepared([{ kind: 'file', data, filename: 'export.csv', mimeType: 'text/csv', caption: '1 poll of gamma' }]),
    );
    expect(document).toEqual({ kind: 'document', data, filename: 'export.csv', captionHtml: '1 poll of gamma', keyboard: null });
  });
});

describe('inline keyboards', () => {
  it('turns rows of buttons into an inline keyboard whose callback_data is the button id', () => {
    expect(
      buildInlineKeyboard([
        [
          { label: '• 24h', id: 'bAAA' },
          { label: '7d', id: 'bBBB' },
        ],
        [],
        [{ label: 'temp', id: 'bCCC' }],
      ]),
    ).toEqual({
      inline_keyboard: [
        [
          { text: '• 24h', callback_data: 'bAAA' },
          { text: '7d', callback_data: 'bBBB' },
        ],
        [{ text: 'temp', callback_data: 'bCCC' }],
      ],
    });
    expect(buildInlineKeyboard([])).toBeNull();
    expect(buildInlineKeyboard([[]])).toBeNull();
  });

  it('refuses an id over 64 bytes, counting bytes rather than characters', () => {
    expect(() => buildInlineKeyboard([[{ label: 'ok', id: 'x'.repeat(64) }]])).not.toThrow();
    expect(() => buildInlineKeyboard([[{ label: 'too long', id: 'x'.repeat(65) }]])).toThrow(/64/);
    expect(() => buildInlineKeyboard([[{ label: 'wide', id: 'é'.repeat(33) }]])).toThrow(/66 bytes/);
  });

  it('puts the keyboard under the chart when the chart is the last message', () => {
    const messages = renderReply(
      prepared(
        [{ kind: 'image', png: PNG, filename: 'chart.png', caption: 'gamma · hashrate · 24h' }],
        [[{ label: '6h', id: 'b6h' }]],
      ),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'photo', filename: 'chart.png', captionHtml: 'gamma · hashrate · 24h' });
    expect(messages[0]?.keyboard).toEqual({ inline_keyboard: [[{ text: '6h', callback_data: 'b6h' }]] });
  });

  it('gives buttons without any block a short message to sit under', () => {
    const messages = renderReply(prepared([], [[{ label: 'Confirm', id: 'bOK' }]]));
    expect(messages).toEqual([
      { kind: 'text', html: 'Choose:', keyboard: { inline_keyboard: [[{ text: 'Confirm', callback_data: 'bOK' }]] } },
    ]);
    expect(renderReply(prepared([]))).toEqual([]);
  });
});
