/**
 * What a command answers, independent of any chat platform. Telegram, Discord and the console each render the same
 * Reply: text blocks (plain, bold title, or monospace for tables), PNG images, files, and rows of buttons.
 */
export type { TextStyle, FileBlock, MessageBlock as ReplyBlock, MessageButton as ButtonRef } from '../messaging/message.js';
import type { ButtonIntent, FileBlock, MessageBlock as ReplyBlock } from '../messaging/message.js';

/** What Telegram (telegraf's InputFile `source`) and Discord (AttachmentBuilder) take: bytes, or a path to stream. */
export function fileSource(block: FileBlock): Buffer | string {
  return 'path' in block ? block.path : block.data;
}

/** What pressing a button does. The adapters never see this: they get an opaque id (Telegram allows 64 bytes). */
export type ButtonAction =
  /** Runs a command line as the presser, e.g. `chart gamma temp 6h`; `edit` replaces the message the button was on. */
  | { kind: 'command'; line: string; edit: boolean }
  /** Runs server-side code once; for confirmations of dangerous actions. */
  | { kind: 'callback'; run: () => Promise<Reply>; edit: boolean };

export interface ReplyButton {
  label: string;
  /** How a chat that colours buttons shows it (Discord). */
  intent?: ButtonIntent;
  action: ButtonAction;
  /** Only this user (`telegram:123`) may press it; others are refused. */
  onlyUser?: string;
  /** After this instant (ms) the button answers "expired". */
  expiresAt?: number;
}

export interface Reply {
  blocks: ReplyBlock[];
  buttons?: ReplyButton[][];
  /**
   * When this reply answers a button pressed on an earlier message (Acknowledge under an alert), that message keeps
   * its text, gains this line (`✓ acknowledged by Ann 14:02`) and loses its buttons, and the reply's text is shown
   * briefly to the presser instead of posted: in a group, every tap would otherwise add a message. Typed, the reply
   * is sent as usual.
   */
  stamp?: string;
}

export const text = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'plain' });
export const title = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'title' });
export const mono = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'mono' });

export function reply(...blocks: ReplyBlock[]): Reply {
  return { blocks };
}

/** A reply's text blocks as one text (files and charts left out): the short notice beside a stamped alert. */
export function textOf(blocks: readonly ReplyBlock[]): string {
  return blocks.map((b) => (b.kind === 'text' ? b.text : '')).filter(Boolean).join('\n');
}
