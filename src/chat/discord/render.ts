/**
 * Turns a prepared reply into the Discord messages that carry it, in Discord markdown: titles bold, tables in code
 * blocks, plain text escaped (miner names and pool URLs are user data), content over 2000 characters split on line
 * boundaries with every code block closed and reopened across the cut. Images and files become attachments and
 * buttons become action rows, both on the last message, so an edit in place replaces them together; rows past
 * Discord's five go on further messages rather than being lost. Pure: no I/O. Embeds: embeds.ts.
 *
 * Limits (docs/research/chat-bots-and-alerting.md §3.1): content ≤ 2000 characters, custom_id ≤ 100 characters,
 * 5 buttons per row, 5 rows per message, 10 attachments per message; button labels ≤ 80 characters.
 */
import {
  ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, escapeMarkdown,
  type EmbedBuilder, type MessageCreateOptions, type MessageMentionOptions,
} from 'discord.js';
import { safeFileName } from '../file-name.js';
import { fileSource, type ButtonRef, type ReplyBlock } from '../reply.js';
import type { PreparedReply } from '../router.js';

export const CONTENT_LIMIT = 2000;
export const CUSTOM_ID_LIMIT = 100;
const BUTTONS_PER_ROW = 5;
const ROWS_PER_MESSAGE = 5;
const ATTACHMENTS_PER_MESSAGE = 10;
const LABEL_LIMIT = 80;
const FENCE = '```';

export interface DiscordMessage {
  content: string;
  files: AttachmentBuilder[];
  components: Array<ActionRowBuilder<ButtonBuilder>>;
  embeds?: EmbedBuilder[];
}

/** Miner names and error texts are user data: an `@everyone` in them must not ping anyone. */
export const NO_MENTIONS = { parse: [] };

/** A rendered message as discord.js sends it (a channel message, an interaction's answer or follow-up). */
export function payloadOf(message: DiscordMessage): Pick<MessageCreateOptions, 'content' | 'files' | 'components' | 'embeds'> & { allowedMentions: MessageMentionOptions } {
  return { content: message.content, files: message.files, components: message.components, embeds: message.embeds ?? [], allowedMentions: NO_MENTIONS };
}

/** One line of content, and whether it sits inside a code block. */
export interface Line {
  text: string;
  code: boolean;
}

/** A code block cannot hold a fence of its own; a zero-width space keeps a table's backticks from ending it. */
function neutralizeFences(text: string): string {
  return text.replace(/```/g, '``\u200b`');
}

function linesOf(block: Extract<ReplyBlock, { kind: 'text' }>): Line[] {
  switch (block.style) {
    case 'mono':
      return neutralizeFences(block.text).split('\n').map((text) => ({ text, code: true }));
    case 'title':
      return block.text.split('\n').map((text) => ({ text: text.trim() ? `**${escapeMarkdown(text)}**` : '', code: false }));
    case 'plain':
      return escapeMarkdown(block.text).split('\n').map((text) => ({ text, code: false }));
  }
}

function captionLines(caption: string | undefined): Line[] {
  return caption ? escapeMarkdown(caption).split('\n').map((text) => ({ text, code: false })) : [];
}

/** Cuts a line that could not fit one message even alone (with its fences) into pieces that can. */
function cutLong(line: Line): Line[] {
  const max = CONTENT_LIMIT - 2 * (FENCE.length + 1);
  if (line.text.length <= max) return [line];
  const pieces: Line[] = [];
  for (let start = 0; start < line.text.length; start += max) pieces.push({ text: line.text.slice(start, start + max), code: line.code });
  return pieces;
}

/** Packs lines into message contents of at most CONTENT_LIMIT characters, fences balanced in each. */
export function packContent(lines: readonly Line[]): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  let inCode = false;
  const close = (): void => {
    if (inCode) current.push(FENCE);
    const content = current.join('\n').trim();
    if (content) parts.push(content);
    current = [];
    length = 0;
    inCode = false;
  };
  for (const line of lines.flatMap(cutLong)) {
    const opening = line.code && !inCode ? [FENCE] : [];
    const closing = !line.code && inCode ? [FENCE] : [];
    const added = [...closing, ...opening, line.text];
    const addedLength = added.reduce((sum, piece) => sum + piece.length + 1, 0);
    // Room for the closing fence this part may still need.
    const reserve = line.code ? FENCE.length + 1 : 0;
    if (length + addedLength + reserve > CONTENT_LIMIT && current.length > 0) {
      close();
      added.splice(0, added.length, ...(line.code ? [FENCE] : []), line.text);
    }
    current.push(...added);
    length += added.reduce((sum, piece) => sum + piece.length + 1, 0);
    inCode = line.code;
  }
  close();
  return parts;
}

/**
 * A button styled as what it does (its `intent`, set where it is made): Confirm guards a change to a miner and Stop
 * ends a benchmark, so they are red like Discord's own destructive actions; Acknowledge is green; a chart's current
 * range or metric is the highlighted one; the rest grey.
 */
export function buttonStyleOf(button: ButtonRef): ButtonStyle {
  if (button.intent === 'danger') return ButtonStyle.Danger;
  if (button.intent === 'success') return ButtonStyle.Success;
  if (button.intent === 'selected') return ButtonStyle.Primary;
  return ButtonStyle.Secondary;
}

/** Rows of at most five buttons, in groups of at most five rows: one group per message. */
export function buttonRows(buttons: readonly ButtonRef[][]): Array<Array<ActionRowBuilder<ButtonBuilder>>> {
  // Discord's rows hold five; a wider row from the router wraps rather than losing buttons.
  const usable = buttons.map((row) => row.filter((b) => b.id.length > 0 && b.id.length <= CUSTOM_ID_LIMIT));
  const rows: ButtonRef[][] = [];
  for (const row of usable) {
    for (let start = 0; start < row.length; start += BUTTONS_PER_ROW) rows.push(row.slice(start, start + BUTTONS_PER_ROW));
  }
  const built = rows.map((row) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      row.map((button) =>
        new ButtonBuilder()
          .setCustomId(button.id)
          .setLabel(button.label.length > LABEL_LIMIT ? `${button.label.slice(0, LABEL_LIMIT - 1)}…` : button.label || '…')
          .setStyle(buttonStyleOf(button)),
      ),
    ),
  );
  const groups: Array<Array<ActionRowBuilder<ButtonBuilder>>> = [];
  for (let start = 0; start < built.length; start += ROWS_PER_MESSAGE) groups.push(built.slice(start, start + ROWS_PER_MESSAGE));
  return groups;
}

export function renderReply(reply: PreparedReply): DiscordMessage[] {
  const lines: Line[] = [];
  const files: AttachmentBuilder[] = [];
  for (const block of reply.blocks) {
    if (lines.length > 0 && block.kind === 'text') lines.push({ text: '', code: false });
    if (block.kind === 'text') lines.push(...linesOf(block));
    else if (block.kind === 'image') {
      files.push(new AttachmentBuilder(block.png, { name: safeFileName(block.filename) }));
      lines.push(...captionLines(block.caption));
    } else {
      files.push(new AttachmentBuilder(fileSource(block), { name: safeFileName(block.filename) }));
      lines.push(...captionLines(block.caption));
    }
  }
  const contents = packContent(lines);
  const [components = [], ...moreRows] = buttonRows(reply.buttons);
  const messages: DiscordMessage[] = contents.map((content) => ({ content, files: [], components: [] }));
  if (messages.length === 0) messages.push({ content: '', files: [], components: [] });
  const fileGroups: AttachmentBuilder[][] = [];
  for (let start = 0; start < files.length; start += ATTACHMENTS_PER_MESSAGE) fileGroups.push(files.slice(start, start + ATTACHMENTS_PER_MESSAGE));
  const last = messages[messages.length - 1];
  if (last) {
    last.files = fileGroups[0] ?? [];
    last.components = components;
  }
  for (const group of fileGroups.slice(1)) messages.push({ content: '', files: group, components: [] });
  moreRows.forEach((rows, i) => messages.push({ content: `More buttons (${i + 2} of ${moreRows.length + 1})`, files: [], components: rows }));
  return messages;
}
