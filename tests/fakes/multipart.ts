/**
 * Reads a Bot API request's parameters the way Telegram accepts them: JSON, multipart/form-data (telegraf's uploads),
 * urlencoded, or the query string. Multipart fields are all strings on the wire, and telegraf JSON-encodes the
 * structured ones (telegraf/telegraf:src/core/network/client.ts `FORM_DATA_JSON_FIELDS`), so those are decoded back.
 */
import type { IncomingMessage } from 'node:http';

export interface RecordedFile {
  /** The form field that carried the file: `photo`, `document`, … */
  field: string;
  /** The file name the client gave (telegraf defaults to e.g. `photo.jpg` when none is set). */
  name: string;
  size: number;
  bytes: Buffer;
}

export interface ParsedRequest {
  params: Record<string, unknown>;
  files: RecordedFile[];
}

const JSON_ENCODED_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'allowed_updates',
  'commands',
  'scope',
  'link_preview_options',
  'reply_parameters',
  'results',
  'media',
]);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBotApiRequest(req: IncomingMessage, body: Buffer, url: URL): Promise<ParsedRequest> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) params[key] = decodeField(key, value);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length === 0) return { params, files: [] };

  if (contentType.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') Object.assign(params, parsed);
    return { params, files: [] };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = decodeField(key, value);
    return { params, files: [] };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        params[key] = decodeField(key, value);
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        files.push({ field: key, name: value.name, size: bytes.length, bytes });
        // What Telegram sees for an uploaded field is the attachment itself; keep a readable marker in the params.
        params[key] = `attach://${value.name}`;
      }
    }
    return { params, files };
  }
  throw new Error(`unsupported content-type: ${contentType}`);
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_ENCODED_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new Error(`field ${key} is not valid JSON: ${String(error)}`, { cause: error });
  }
}
