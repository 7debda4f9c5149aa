/**
 * Turns a prepared reply into the Telegram messages that carry it, as HTML (parse_mode 'HTML'): text over 4096
 * characters split on line boundaries with every `<pre>` balanced per part, captions over 1024 moved into a text
 * message of their own (Apprise's rule), buttons as an inline keyboard. Pure: no telegraf, no I/O.
 *
 * Limits (https://core.telegram.org/bots/api#sendmessage, #sendphoto): text 1–4096 and captions 0–1024 characters
 * after entities parsing. Lengths here are measured on the HTML source, which is never shorter than what Telegram
 * counts, so a part that fits here fits there too.
 */
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { safeFileName } from '../file-name.js';
import { fileSource, type ButtonRef, type ReplyBlock, type TextStyle } from '../reply.js';
import type { PreparedReply } from '../router.js';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** Telegram's callback_data holds 1–64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
export const CALLBACK_DATA_LIMIT_BYTES = 64;

export type OutgoingMessage =
  | { kind: 'text'; html: string; keyboard: InlineKeyboardMarkup | null }
  | { kind: 'photo'; data: Buffer; filename: string; captionHtml: string | null; keyboard: InlineKeyboardMarkup | null }
  /** `data` is the file's bytes, or the path of a file on disk (telegraf streams it). */
  | { kind: 'document'; data: Buffer | string; filename: string; captionHtml: string | null; keyboard: InlineKeyboardMarkup | null };

/** Miner names, pool URLs and error texts are user data: every `<`, `>`, `&` outside a tag must be an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line of a message as HTML, and whether it sits inside a `<pre>` block. */
interface HtmlLine {
  html: string;
  pre: boolean;
}

const PRE_OPEN = '<pre>';
const PRE_CLOSE = '</pre>';
// A single line longer than this is cut, so that even wrapped in <pre> or <b> it fits one message.
const LONGEST_LINE = TEXT_LIMIT - PRE_OPEN.length - PRE_CLOSE.length - '<b></b>'.length;

/** Cuts raw text into pieces whose escaped form is at most `maxHtml` long, never inside a character or an entity. */
function cutByEscapedLength(raw: string, maxHtml: number): string[] {
  if (escapeHtml(raw).length <= maxHtml) return [raw];
  const pieces: string[] = [];
  let piece = '';
  let pieceLength = 0;
  for (const char of raw) {
    const length = escapeHtml(char).length;
    if (pieceLength + length > maxHtml && piece) {
      pieces.push(piece);
      piece = '';
      pieceLength = 0;
    }
    piece += char;
    pieceLength += length;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function htmlLines(text: string, style: TextStyle): HtmlLine[] {
  const pre = style === 'mono';
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap((raw) => cutByEscapedLength(raw, LONGEST_LINE))
    .map((raw) => {
      const html = escapeHtml(raw);
      return { html: style === 'title' && raw.trim() ? `<b>${html}</b>` : html, pre };
    });
}

/**
 * Text blocks as HTML messages of at most `limit` characters each. Blocks are separated by an empty line; a part
 * ends only between lines, and a `<pre>` cut by a part boundary is closed in one part and reopened in the next.
 */
export function textBlocksToHtml(blocks: ReadonlyArray<{ text: string; style: TextStyle }>, limit = TEXT_LIMIT): string[] {
  const lines: HtmlLine[] = [];
  for (const block of blocks) {
    if (!block.text.trim()) continue;
    if (lines.length > 0) lines.push({ html: '', pre: false });
    lines.push(...htmlLines(block.text, block.style));
  }
  const messages: string[] = [];
  let part: HtmlLine[] = [];
  let length = 0;
  let inPre = false;
  const flush = (): void => {
    while (part.length > 0 && !part[part.length - 1]?.html.trim()) part.pop();
    if (part.length > 0) messages.push(renderLines(part));
    part = [];
    length = 0;
    inPre = false;
  };
  for (const line of lines) {
    // A part never starts with blank lines: Telegram trims them anyway, and a blank part cannot be sent.
    if (part.length === 0 && !line.html.trim()) continue;
    const opening = line.pre && !inPre ? PRE_OPEN.length : 0;
    const closing = !line.pre && inPre ? PRE_CLOSE.length : 0;
    const added = (part.length > 0 ? 1 : 0) + opening + closing + line.html.length;
    const closeAtEnd = line.pre ? PRE_CLOSE.length : 0;
    if (part.length > 0 && length + added + closeAtEnd > limit) {
      flush();
      if (!line.html.trim()) continue;
      part.push(line);
      length = (line.pre ? PRE_OPEN.length : 0) + line.html.length;
      inPre = line.pre;
      continue;
    }
    part.push(line);
    length += added;
    inPre = line.pre;
  }
  flush();
  return messages;
}

function renderLines(lines: HtmlLine[]): string {
  let out = '';
  let inPre = false;
  lines.forEach((line, index) => {
    if (line.pre && !inPre) out += `${index > 0 ? '\n' : ''}${PRE_OPEN}`;
    else if (!line.pre && inPre) out += `${PRE_CLOSE}\n`;
    else if (index > 0) out += '\n';
    out += line.html;
    inPre = line.pre;
  });
  return inPre ? out + PRE_CLOSE : out;
}

/** A caption as HTML when it fits Telegram's 1024, else null and the text to send as a message of its own. */
export function splitCaption(caption: string | undefined): { captionHtml: string | null; overflow: string | null } {
  const trimmed = caption?.trim() ?? '';
  if (!trimmed) return { captionHtml: null, overflow: null };
  const html = escapeHtml(trimmed);
  if (html.length <= CAPTION_LIMIT) return { captionHtml: html, overflow: null };
  return { captionHtml: null, overflow: trimmed };
}

/** Rows of buttons as an inline keyboard whose callback_data is the button's opaque id; null when there are none. */
export function buildInlineKeyboard(rows: readonly ButtonRef[][]): InlineKeyboardMarkup | null {
  const keyboard = rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((button) => {
        const bytes = Buffer.byteLength(button.id, 'utf8');
        if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT_BYTES) {
          throw new RangeError(`button id "${button.id}" is ${bytes} bytes; Telegram's callback_data holds 1–64`);
        }
        return { text: button.label.trim() || button.id, callback_data: button.id };
      }),
    );
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : null;
}

type TextBlock = Extract<ReplyBlock, { kind: 'text' }>;

/**
 * The messages for one reply, in order: runs of text blocks become one message (split when long), each image a
 * photo and each file a document. The keyboard goes under the last message, so a chart's buttons sit on the chart.
 */
export function renderReply(reply: PreparedReply): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  let pendingText: TextBlock[] = [];
  const flushText = (): void => {
    for (const html of textBlocksToHtml(pendingText)) messages.push({ kind: 'text', html, keyboard: null });
    pendingText = [];
  };
  for (const block of reply.blocks) {
    if (block.kind === 'text') {
      pendingText.push(block);
      continue;
    }
    flushText();
    const { captionHtml, overflow } = splitCaption(block.caption);
    if (block.kind === 'image') {
      messages.push({ kind: 'photo', data: block.png, filename: safeFileName(block.filename), captionHtml, keyboard: null });
    } else {
      messages.push({ kind: 'document', data: fileSource(block), filename: safeFileName(block.filename), captionHtml, keyboard: null });
    }
    if (overflow) pendingText.push({ kind: 'text', text: overflow, style: 'plain' });
    flushText();
  }
  flushText();
  const keyboard = buildInlineKeyboard(reply.buttons);
  if (keyboard) {
    const last = messages[messages.length - 1];
    // Buttons need a message to sit under; a reply of buttons alone gets a short one.
    if (last) last.keyboard = keyboard;
    else messages.push({ kind: 'text', html: 'Choose:', keyboard });
  }
  return messages;
}
