import type { Message, MessageBlock } from './message.js';

/** What one outbox row adds to a merged message. */
export interface MessagePart {
  kind: string;
  alertIds: readonly string[];
  message: Message;
}

/**
 * Several waiting messages about the same alerts as one: their texts in order, one under the other. The buttons of a
 * firing message stay only while one of its alerts is still open: a merged "fired … resolved" needs no Acknowledge.
 */
export function mergeMessages(parts: readonly MessagePart[]): Message {
  const first = parts[0];
  if (parts.length === 1 && first) return first.message;
  const resolved = new Set(parts.filter((p) => p.kind === 'resolved').flatMap((p) => p.alertIds));
  let buttons: Message['buttons'] = [];
  for (const part of parts) {
    const stillOpen = part.alertIds.some((id) => !resolved.has(id));
    if (part.message.buttons.length > 0 && stillOpen) buttons = part.message.buttons;
  }
  // The first part's title and fields name the batch for channels with a subject line.
  return { ...first?.message, blocks: parts.flatMap((p) => p.message.blocks), buttons };
}

type StoredBlock =
  | Extract<MessageBlock, { kind: 'text' }>
  | { kind: 'image'; pngBase64: string; filename: string; caption?: string }
  | { kind: 'file'; dataBase64: string; filename: string; mimeType: string; caption?: string }
  | Extract<MessageBlock, { kind: 'file'; path: string }>;

type StoredMessage = Omit<Message, 'blocks'> & { blocks: StoredBlock[] };

/** JSON for the outbox's payload column; images and files travel as base64, everything else as it is. */
export function encodeMessage(message: Message): string {
  const stored: StoredMessage = {
    ...message,
    blocks: message.blocks.map((block): StoredBlock => {
      if (block.kind === 'text' || 'path' in block) return block;
      if (block.kind === 'image') {
        const { png, ...rest } = block;
        return { ...rest, pngBase64: png.toString('base64') };
      }
      const { data, ...rest } = block;
      return { ...rest, dataBase64: data.toString('base64') };
    }),
  };
  return JSON.stringify(stored);
}

export function decodeMessage(payload: string): Message {
  const stored = JSON.parse(payload) as StoredMessage;
  return {
    ...stored,
    blocks: stored.blocks.map((block): MessageBlock => {
      if (block.kind === 'text' || 'path' in block) return block;
      if (block.kind === 'image') {
        const { pngBase64, ...rest } = block;
        return { ...rest, png: Buffer.from(pngBase64, 'base64') };
      }
      const { dataBase64, ...rest } = block;
      return { ...rest, data: Buffer.from(dataBase64, 'base64') };
    }),
  };
}
