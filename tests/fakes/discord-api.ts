/**
 * A fake Discord gateway + REST on 127.0.0.1 that drives the real discord.js 14 client, as verified in
 * docs/research/chat-bots-and-alerting.md §3.3: `GET /gateway/bot`, a `ws` gateway (HELLO → IDENTIFY → READY +
 * GUILD_CREATE, heartbeats acknowledged), and the REST routes the adapter uses, each recorded for assertions.
 * Tests inject slash commands, autocomplete requests and button presses as INTERACTION_CREATE dispatches; they can
 * refuse logins (the connection drops, as when the network is not up yet) and set an upload limit (HTTP 413).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody } from './multipart.js';

export const APP_ID = '100000000000000001';
export const GUILD_ID = '200000000000000002';
export const CHANNEL_ID = '300000000000000003';

export interface RecordedFile {
  field: string;
  name: string;
  bytes: Buffer;
}

export interface DiscordRequest {
  method: string;
  /** Without `/api/v10`, still URL-encoded (`@original` arrives as `%40original`). */
  path: string;
  authorization: string | undefined;
  contentType: string;
  /** The JSON body, or a multipart request's `payload_json`. */
  json: Record<string, unknown> | unknown[] | null;
  files: RecordedFile[];
}

/** A slash command option as Discord sends it: 3 string, 4 integer, 10 number, 1 subcommand (with `options`). */
export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number;
  focused?: boolean;
  options?: InteractionOption[];
}

export interface FakeDiscord {
  token: string;
  /** For `new Client({ rest: { api } })`. */
  api: string;
  requests: DiscordRequest[];
  /** Answers `POST /channels/{id}/messages` for this channel with an error status. */
  failChannel(channelId: string, status: number): void;
  sendCommand(input: { userId: string; name: string; options?: InteractionOption[] }): { interactionToken: string };
  /** Someone typing into an autocompleted option: one option carries `focused: true`. Answered by callback type 8. */
  sendAutocomplete(input: { userId: string; name: string; options: InteractionOption[] }): { interactionToken: string };
  /** While on, `GET /gateway/bot` drops the connection: discord.js's login fails as on a box whose network is down. */
  refuseLogins(on: boolean): void;
  /** Multipart requests whose files add up to more than this answer 413 / code 40005, as Discord does. */
  setUploadLimit(bytes: number | null): void;
  /**
   * A press of `customId`; `message` is the message the button is on (as the bot posted it: content, embeds,
   * components, id), a generic one when left out.
   */
  pressButton(input: { userId: string; customId: string; message?: Record<string, unknown> }): { interactionToken: string };
  waitForRequest(match: (request: DiscordRequest) => boolean, timeoutMs?: number): Promise<DiscordRequest>;
  close(): Promise<void>;
}

function messageObject(id: string, channelId: string, content: string): Record<string, unknown> {
  return {
    id, channel_id: channelId, type: 0, content,
    author: { id: APP_ID, username: 'axepilot', discriminator: '0', avatar: null, bot: true },
    timestamp: new Date(0).toISOString(), edited_timestamp: null, tts: false, mention_everyone: false,
    mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, flags: 0, components: [],
  };
}

async function parseBody(req: IncomingMessage): Promise<Pick<DiscordRequest, 'json' | 'files' | 'contentType'>> {
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length === 0) return { json: null, files: [], contentType };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    let json: DiscordRequest['json'] = null;
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') json = JSON.parse(value) as DiscordRequest['json'];
      } else files.push({ field, name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
    }
    return { json, files, contentType };
  }
  return { json: JSON.parse(body.toString('utf8')) as DiscordRequest['json'], files: [], contentType };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const token = 'fake-discord-token';
  const requests: DiscordRequest[] = [];
  const waiters = new Set<() => void>();
  const failures = new Map<string, number>();
  let refusingLogins = false;
  let uploadLimit: number | null = null;
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let nextId = 400000000000000000n;
  const newId = (): string => String(nextId++);
  let port = 0;

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const route = (request: DiscordRequest, res: ServerResponse): void => {
    const { method, path } = request;
    const uploaded = request.files.reduce((sum, f) => sum + f.bytes.length, 0);
    if (uploadLimit !== null && uploaded > uploadLimit) {
      send(res, 413, { message: 'Request entity too large', code: 40005 });
    } else if (method === 'GET' && path === '/gateway/bot' && refusingLogins) {
      res.socket?.destroy();
    } else if (method === 'GET' && path === '/gateway/bot') {
      send(res, 200, {
        url: `ws://127.0.0.1:${port}/gateway`, shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    } else if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback/.test(path)) {
      send(res, 204);
    } else if (/^\/webhooks\/\d+\/[^/]+\/messages\/%40original$/.test(path)) {
      if (method === 'DELETE') send(res, 204);
      else send(res, 200, messageObject(newId(), CHANNEL_ID, String((request.json as { content?: string } | null)?.content ?? '')));
    } else if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) {
      send(res, 200, messageObject(newId(), CHANNEL_ID, String((request.json as { content?: string } | null)?.content ?? '')));
    } else if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const list = Array.isArray(request.json) ? (request.json as Array<Record<string, unknown>>) : [];
      send(res, 200, list.map((command) => ({ ...command, id: newId(), application_id: APP_ID, version: '1', type: 1 })));
    } else if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) {
      const channelId = path.split('/')[2] ?? '';
      const failure = failures.get(channelId);
      if (failure) send(res, failure, { message: failure === 403 ? 'Missing Access' : 'Unknown Channel', code: failure === 403 ? 50001 : 10003 });
      else send(res, 200, messageObject(newId(), channelId, String((request.json as { content?: string } | null)?.content ?? '')));
    } else if (method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(path)) {
      const [, , channelId = '', , messageId = ''] = path.split('/');
      send(res, 200, messageObject(messageId, channelId, String((request.json as { content?: string } | null)?.content ?? '')));
    } else if (method === 'GET' && /^\/channels\/\d+$/.test(path)) {
      send(res, 404, { message: 'Unknown Channel', code: 10003 });
    } else {
      send(res, 404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const parsed = await parseBody(req);
      const request: DiscordRequest = {
        method: req.method ?? 'GET', path: url.pathname.replace(/^\/api\/v10/, ''),
        authorization: req.headers.authorization, ...parsed,
      };
      requests.push(request);
      route(request, res);
      for (const wake of [...waiters]) wake();
    })().catch((error: unknown) => send(res, 500, { message: String(error), code: 0 }));
  });

  const gateway = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    gateway.handleUpgrade(req, socket, head, (ws) => gateway.emit('connection', ws, req));
  });
  const dispatch = (ws: WebSocket, t: string, d: unknown): void => {
    ws.send(JSON.stringify({ op: 0, t, s: ++sequence, d }));
  };
  gateway.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on('message', (data: Buffer) => {
      const packet = JSON.parse(data.toString('utf8')) as { op: number };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      else if (packet.op === 6) ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      else if (packet.op === 2) {
        dispatch(ws, 'READY', {
          v: 10, user: { id: APP_ID, username: 'axepilot', discriminator: '0', avatar: null, bot: true, global_name: null },
          guilds: [{ id: GUILD_ID, unavailable: true }], session_id: 's1',
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`, application: { id: APP_ID, flags: 0 },
        });
        dispatch(ws, 'GUILD_CREATE', {
          id: GUILD_ID, name: 'home', icon: null, owner_id: '1', unavailable: false, joined_at: new Date(0).toISOString(),
          large: false, member_count: 2,
          roles: [{ id: GUILD_ID, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false }],
          emojis: [], stickers: [], features: [], members: [], presences: [], voice_states: [], threads: [],
          stage_instances: [], guild_scheduled_events: [],
          channels: [{ id: CHANNEL_ID, type: 0, name: 'alerts', position: 0, permission_overwrites: [], nsfw: false, parent_id: null }],
        });
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const interaction = (userId: string, type: 2 | 3 | 4, data: Record<string, unknown>, extra: Record<string, unknown>): { interactionToken: string } => {
    const interactionToken = `itoken-${newId()}`;
    const payload = {
      id: newId(), application_id: APP_ID, type, token: interactionToken, version: 1, guild_id: GUILD_ID,
      channel_id: CHANNEL_ID, channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'alerts' },
      member: {
        user: { id: userId, username: `user${userId}`, discriminator: '0', avatar: null, global_name: null },
        roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, permissions: '8',
      },
      data, app_permissions: '8', locale: 'en-US', guild_locale: 'en-US',
      // Mandatory: without these discord.js throws inside its gateway handler (§3.3).
      entitlements: [], authorizing_integration_owners: { '0': GUILD_ID }, context: 0,
      ...extra,
    };
    for (const ws of sockets) dispatch(ws, 'INTERACTION_CREATE', payload);
    return { interactionToken };
  };

  return {
    token, api: `http://127.0.0.1:${port}/api`, requests,
    failChannel: (channelId, status) => failures.set(channelId, status),
    sendCommand: ({ userId, name, options }) =>
      interaction(userId, 2, { id: newId(), name, type: 1, ...(options === undefined ? {} : { options }) }, {}),
    sendAutocomplete: ({ userId, name, options }) => interaction(userId, 4, { id: newId(), name, type: 1, options }, {}),
    refuseLogins: (on) => {
      refusingLogins = on;
    },
    setUploadLimit: (bytes) => {
      uploadLimit = bytes;
    },
    pressButton: ({ userId, customId, message }) =>
      interaction(userId, 3, { custom_id: customId, component_type: 2 }, {
        message: { ...messageObject(newId(), CHANNEL_ID, 'a message with buttons'), ...message },
      }),
    waitForRequest: (match, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = requests.find(match);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error('fake Discord: the expected request never came'));
        }, timeoutMs);
        waiters.add(wake);
        check();
      }),
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
