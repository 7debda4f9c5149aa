/**
 * One message as every layer hands it on: a command's answer, an alert, the daily digest, a benchmark's news, an
 * autopilot notice. Chat platforms (Telegram, Discord, the console) render `blocks` and `buttons`; notification
 * channels without a chat window (ntfy, webhook, e-mail, Pushover, Gotify) may use `title`, `severity`, `fields` and
 * `link` as well. Messaging sits below chat and the engines, so this is the only declaration of the shape.
 */
export type TextStyle = 'plain' | 'title' | 'mono';

export type MessageBlock =
  | { kind: 'text'; text: string; style: TextStyle }
  | { kind: 'image'; png: Buffer; filename: string; caption?: string }
  | { kind: 'file'; data: Buffer; filename: string; mimeType: string; caption?: string }
  /**
   * A file too large to hold in memory (an export), written to disk by the command. The adapter streams it from
   * `path` and deletes it once sent (the console moves it to its output folder instead).
   */
  | { kind: 'file'; path: string; bytes: number; filename: string; mimeType: string; caption?: string };

export type TextBlock = Extract<MessageBlock, { kind: 'text' }>;
export type ImageBlock = Extract<MessageBlock, { kind: 'image' }>;
export type FileBlock = Extract<MessageBlock, { kind: 'file' }>;

/** A button as platforms see it: a label and an opaque id (button-id.ts says what ids mean). */
/**
 * What a button does, for a chat that colours its buttons (Discord: red, green, blue): said where the button is
 * made, never guessed from its label. Chats without colours ignore it.
 */
export type ButtonIntent = 'danger' | 'success' | 'selected';

export interface MessageButton {
  label: string;
  id: string;
  intent?: ButtonIntent;
  /** When the button stops working (a confirmation): a chat that can, takes it off the message then. */
  expiresAt?: number;
}

/** How urgent a message is: a chat rings or stays silent, ntfy/Pushover pick a priority, e-mail marks the subject. */
export type Severity = 'info' | 'warning' | 'critical';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

export function meetsMinimum(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

/** Machine-readable facts for channels that carry data (webhook JSON): alert id, rule, miner, values, state. */
export type MessageFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Message {
  blocks: MessageBlock[];
  /** Rows of buttons. Channels without buttons leave them out; the text never depends on them. */
  buttons: MessageButton[][];
  /** One line for channels with a subject (e-mail subject, ntfy/Pushover title). Chats show `blocks`, which say it too. */
  title?: string;
  severity?: Severity;
  fields?: MessageFields;
  /** Where a tap leads (the miner's AxeOS page): ntfy's click action, a link in the e-mail. */
  link?: string;
}

export const textBlock = (value: string, style: TextStyle = 'plain'): TextBlock => ({ kind: 'text', text: value, style });

/** A message of plain text with no buttons: progress notes, notices. */
export function textMessage(body: string, extra: Omit<Message, 'blocks' | 'buttons'> = {}): Message {
  return { blocks: [textBlock(body)], buttons: [], ...extra };
}

/** The message's words without images or files, one block a paragraph: for channels that take plain text. */
export function plainText(message: Pick<Message, 'blocks'>): string {
  return message.blocks
    .filter((block): block is TextBlock => block.kind === 'text')
    .map((block) => block.text)
    .join('\n\n');
}

export function imagesOf(message: Pick<Message, 'blocks'>): ImageBlock[] {
  return message.blocks.filter((block): block is ImageBlock => block.kind === 'image');
}
