/**
 * Replies as Discord embeds, the way Discord bots present things: a reply that opens with a title (the fleet status,
 * a miner's card, the digest, benchmark results, /help) becomes one embed per titled section, its chart shown inside
 * the embed (`attachment://`); an alert becomes an embed coloured by its severity with a relative time
 * (`<t:unix:R>`, shown in each reader's own time zone), a resolution in green. Anything else, and anything too long for
 * embeds, stays plain message content (render.ts). Pure: no I/O.
 *
 * Limits: a description holds 4096 characters, a title 256, a message 10 embeds and 6000 characters in all of them.
 */
import { AttachmentBuilder, EmbedBuilder, escapeMarkdown } from 'discord.js';
import { safeFileName } from '../file-name.js';
import { fileSource, type ReplyBlock } from '../reply.js';
import type { PreparedReply } from '../router.js';
import { buttonRows, renderReply, type DiscordMessage } from './render.js';

export const DESCRIPTION_LIMIT = 4096;
const TITLE_LIMIT = 256;
const EMBEDS_PER_MESSAGE = 10;
const EMBED_TOTAL_LIMIT = 6000;

/** Discord's own palette, so the colours read as the app's: red, yellow-orange, blurple, green, gold. */
export const EMBED_COLOURS = {
  critical: 0xed4245,
  warning: 0xf0b232,
  info: 0x5865f2,
  resolved: 0x57f287,
  news: 0xfee75c,
  neutral: 0x5865f2,
} as const;

export type AlertLook = keyof Omit<typeof EMBED_COLOURS, 'neutral'>;

/** What a message may say about itself besides its blocks (the messaging layer's alert facts). */
export interface AlertFacts {
  severity?: 'info' | 'warning' | 'critical';
  fields?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * What kind of alert a message is: its own facts when it carries them (kind, severity); otherwise the mark the alert
 * text opens with (src/alerts/format.ts: 🔴 critical, 🟠 warning, ℹ️ info, 🟢 resolved, 🎉 good news, 🔔 test).
 */
export function alertLookOf(message: PreparedReply & AlertFacts): AlertLook {
  const first = message.blocks.find((b) => b.kind === 'text');
  const opening = first?.kind === 'text' ? first.text.trimStart() : '';
  const kind = message.fields?.kind;
  if (kind === 'resolved' || opening.startsWith('🟢')) return 'resolved';
  if (kind === 'news' || opening.startsWith('🎉')) return 'news';
  if (message.severity) return message.severity;
  if (opening.startsWith('🔴')) return 'critical';
  if (opening.startsWith('🟠')) return 'warning';
  return 'info';
}

function textOf(block: Extract<ReplyBlock, { kind: 'text' }>): string {
  if (block.style === 'mono') return `\`\`\`\n${block.text.replace(/```/g, '``\u200b`')}\n\`\`\``;
  if (block.style === 'title') return `**${escapeMarkdown(block.text)}**`;
  return escapeMarkdown(block.text);
}

interface Section {
  title: string | null;
  parts: string[];
  image: { name: string } | null;
}

/** Attachments of a reply in order, each named once, and the section each image belongs to. */
function sectionsOf(reply: PreparedReply): { sections: Section[]; files: AttachmentBuilder[] } {
  const sections: Section[] = [];
  const files: AttachmentBuilder[] = [];
  let current: Section | null = null;
  const open = (title: string | null): Section => {
    const section: Section = { title, parts: [], image: null };
    sections.push(section);
    return section;
  };
  for (const block of reply.blocks) {
    if (block.kind === 'text' && block.style === 'title') {
      current = open(block.text);
      continue;
    }
    current ??= open(null);
    if (block.kind === 'text') current.parts.push(textOf(block));
    else {
      const name = safeFileName(block.filename);
      files.push(new AttachmentBuilder(block.kind === 'image' ? block.png : fileSource(block), { name }));
      if (block.caption) current.parts.push(escapeMarkdown(block.caption));
      if (block.kind === 'image' && current.image === null) current.image = { name };
    }
  }
  return { sections, files };
}

/** The embeds of a titled reply, or null when it does not fit embeds (then it is sent as content). */
function titledEmbeds(reply: PreparedReply): { embeds: EmbedBuilder[]; files: AttachmentBuilder[] } | null {
  const { sections, files } = sectionsOf(reply);
  if (sections.length === 0 || sections.length > EMBEDS_PER_MESSAGE || sections[0]?.title === null) return null;
  let total = 0;
  const embeds: EmbedBuilder[] = [];
  for (const section of sections) {
    const description = section.parts.join('\n\n');
    const title = section.title ?? '';
    if (description.length > DESCRIPTION_LIMIT || title.length > TITLE_LIMIT) return null;
    total += description.length + title.length;
    const embed = new EmbedBuilder().setColor(EMBED_COLOURS.neutral);
    if (title) embed.setTitle(title);
    if (description) embed.setDescription(description);
    if (section.image) embed.setImage(`attachment://${section.image.name}`);
    embeds.push(embed);
  }
  return total > EMBED_TOTAL_LIMIT ? null : { embeds, files };
}

function withButtons(message: Omit<DiscordMessage, 'components'>, reply: PreparedReply): DiscordMessage[] {
  const [rows, ...more] = buttonRows(reply.buttons);
  return [
    { ...message, components: rows ?? [] },
    ...more.map((extra, i) => ({ content: `More buttons (${i + 2} of ${more.length + 1})`, files: [], embeds: [], components: extra })),
  ];
}

/** A command's answer: embeds when it opens with a title and fits, message content otherwise. */
export function renderMessage(reply: PreparedReply): DiscordMessage[] {
  const titled = titledEmbeds(reply);
  if (!titled) return renderReply(reply);
  return withButtons({ content: '', files: titled.files, embeds: titled.embeds }, reply);
}

export interface AlertEmbedOptions {
  /** When it is sent: the `<t:unix:R>` time of a message that does not say when it happened. */
  now: number;
  /** A mention (`<@&role>`, `<@user>`) put before a critical alert so it rings for people who only get mentions. */
  criticalMention?: string | null;
}

/** An alert, a resolution, the digest or a test as one embed coloured by what it is. */
export function renderAlert(message: PreparedReply & AlertFacts, options: AlertEmbedOptions): DiscordMessage[] {
  const titled = titledEmbeds(message);
  if (titled) return withButtons({ content: '', files: titled.files, embeds: titled.embeds }, message);
  const look = alertLookOf(message);
  const { sections, files } = sectionsOf(message);
  const description = sections.flatMap((s) => s.parts).join('\n');
  // When the alert happened, if the message says (it may have waited in the outbox); else when it is sent.
  const createdAt = message.fields?.createdAt;
  const at = typeof createdAt === 'number' && createdAt > 0 ? createdAt : options.now;
  const unix = Math.floor(at / 1000);
  const body = `${description}\n<t:${unix}:R>`;
  if (body.length > DESCRIPTION_LIMIT) return renderReply(message);
  const embed = new EmbedBuilder().setColor(EMBED_COLOURS[look]).setDescription(body).setTimestamp(at);
  const image = sections.find((s) => s.image)?.image;
  if (image) embed.setImage(`attachment://${image.name}`);
  const mention = look === 'critical' ? (options.criticalMention ?? '') : '';
  return withButtons({ content: mention, files, embeds: [embed] }, message);
}
