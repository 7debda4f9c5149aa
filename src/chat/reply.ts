/**
 * What a command answers, independent of any chat platform. Telegram, Discord and the console each render the same
 * Reply: text blocks (plain, bold title, or monospace for tables), PNG images, files, and rows of buttons.
 */
export type TextStyle = 'plain' | 'title' | 'mono';

export type ReplyBlock =
  | { kind: 'text'; text: string; style: TextStyle }
  | { kind: 'image'; png: Buffer; filename: string; caption?: string }
  | { kind: 'file'; data: Buffer; filename: string; mimeType: string; caption?: string }
  /**
   * A file too large to hold in memory (an export), written to disk by the command. The adapter streams it from
   * `path` and deletes it once sent (the console moves it to its output folder instead).
   */
  | { kind: 'file'; path: string; bytes: number; filename: string; mimeType: string; caption?: string };

export type FileBlock = Extract<ReplyBlock, { kind: 'file' }>;

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
  action: ButtonAction;
  /** Only this user (`telegram:123`) may press it; others are refused. */
  onlyUser?: string;
  /** After this instant (ms) the button answers "expired". */
  expiresAt?: number;
}

export interface Reply {
  blocks: ReplyBlock[];
  buttons?: ReplyButton[][];
}

/** A rendered button as adapters see it. */
export interface ButtonRef {
  label: string;
  id: string;
}

export const text = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'plain' });
export const title = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'title' });
export const mono = (value: string): ReplyBlock => ({ kind: 'text', text: value, style: 'mono' });

export function reply(...blocks: ReplyBlock[]): Reply {
  return { blocks };
}
