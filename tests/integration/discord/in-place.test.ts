/**
 * Messages Discord updates in place (issue 12, part 3), with the real discord.js client against the fake gateway +
 * REST and a real CommandRouter with every command: Acknowledge under an alert edits that alert (who and when, buttons
 * gone) instead of posting a message, and a benchmark's progress carries a Stop button that stops it, its end
 * arriving as a new message that rings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { ActiveAlert } from '../../../src/alerts/engine/alert-record.js';
import { alertMessage } from '../../../src/alerts/delivery/alert-message.js';
import type { AlertDesk } from '../../../src/alerts/desk.js';
import { notificationId, type AlertNotification } from '../../../src/alerts/engine/notification.js';
import { DiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { DiscordPlatform } from '../../../src/chat/discord/platform.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { EditedMessage } from '../../../src/messaging/edited-message.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { CHANNEL_ID, startFakeDiscord, type DiscordRequest, type FakeDiscord } from '../../fakes/discord-api.js';
import { benchEndNote, benchStopButton, type BenchService } from '../../../src/bench/service.js';

const ADMIN = '500000000000000001';
const MINER = 'gamma-attic-shelf1';

const view = (name: string): MinerView => ({
  name, host: 'http://10.0.0.1', minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
});

const firingAlert = {
  id: 'a663lpFVJLep', rule: 'fan-failure', ruleTitle: 'fan failure', miner: MINER, severity: 'critical',
  summary: 'fan stopped: 0 rpm', firedAt: Date.now() - 60_000, announced: true, acknowledgedBy: null, snoozedUntil: null,
} as unknown as ActiveAlert;

/** What the alert desk and the benchmark service were asked: the rest of each is tested on its own. */
const acknowledged: string[] = [];
const cancelled: Array<string | undefined> = [];
const alertDesk = {
  firing: () => [firingAlert],
  acknowledge: (id: string, by: string) => {
    acknowledged.push(`${id} by ${by}`);
    return id === firingAlert.id ? [firingAlert] : [];
  },
} as unknown as AlertDesk;
const bench = {
  running: () => [{ miner: MINER }],
  cancel: (miner?: string) => {
    cancelled.push(miner);
    return [MINER];
  },
} as unknown as BenchService;

let fake: FakeDiscord;
let store: Store;
let adapter: DiscordAdapter | undefined;
let dir: string;

beforeAll(async () => {
  const clock = new RealClock();
  const log = silentLogger();
  dir = mkdtempSync(join(tmpdir(), 'axepilot-discord-in-place-'));
  store = openStore({ path: join(dir, 'test.db') });
  fake = await startFakeDiscord();
  const config = parseConfig({ timezone: 'UTC', chat: { admins: [`discord:${ADMIN}`], discord: { token: fake.token } } }, {});
  const router = new CommandRouter({
    commands: ALL_COMMANDS,
    services: { fleet: { miners: () => [view(MINER)] }, store, config, clock, alerts: alertDesk, bench, filesDir: dir },
    clock, log, access: () => config.chat,
  });
  adapter = new DiscordAdapter({ token: fake.token, router, clock, log, restApi: fake.api });
  await adapter.start();
  await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
}, 20_000);

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Posted {
  content?: string;
  flags?: number;
  embeds?: Array<{ description?: string }>;
  components?: Array<{ components: Array<{ custom_id: string; label: string; style: number }> }>;
}
const jsonOf = (r: DiscordRequest): Posted => (r.json ?? {}) as Posted;
const buttonsOf = (r: DiscordRequest) => (jsonOf(r).components ?? []).flatMap((row) => row.components);
const forToken = (token: string) => (r: DiscordRequest): boolean => r.path.includes(`/${token}`);
const channelPosts = (): DiscordRequest[] => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
/** The message as the bot posted it, as Discord hands it back on a press. */
const asPosted = (r: DiscordRequest, id: string): Record<string, unknown> => ({ id, ...jsonOf(r) });

describe('Discord messages updated in place', () => {
  it('edits the alert when Acknowledge is pressed: who and when under it, buttons gone, no new message', async () => {
    if (!adapter) throw new Error('the adapter did not start');
    const createdAt = Date.now();
    const notification: AlertNotification = {
      id: notificationId('firing', [firingAlert.id], createdAt), kind: 'firing', rule: 'fan-failure', severity: 'critical',
      miners: [MINER], alertIds: [firingAlert.id], text: `🔴 ${MINER}: fan stopped: 0 rpm`, silent: false, createdAt,
      actionable: true,
    };
    const before = channelPosts().length;
    await adapter.sendTo(CHANNEL_ID, alertMessage(notification));
    const alert = await fake.waitForRequest((r) => channelPosts().includes(r) && (jsonOf(r).embeds?.[0]?.description ?? '').includes('fan stopped'));
    const ack = buttonsOf(alert).find((b) => b.label === 'Acknowledge');
    expect(ack?.custom_id).toMatch(new RegExp(`^c:[\\w-]{11}:ack ${firingAlert.id}$`));

    const press = fake.pressButton({ userId: ADMIN, customId: ack?.custom_id ?? '', message: asPosted(alert, '410000000000000001') });
    const edited = await fake.waitForRequest((r) => r.method === 'PATCH' && forToken(press.interactionToken)(r));
    // The press is answered as an update of the message it is on (type 6), and the edit is of that message.
    expect(fake.requests.find((r) => forToken(press.interactionToken)(r) && r.path.includes('/callback'))?.json).toEqual({ type: 6 });
    expect(edited.path).toMatch(/messages\/%40original$/);
    const description = jsonOf(edited).embeds?.[0]?.description ?? '';
    expect(description.startsWith(jsonOf(alert).embeds?.[0]?.description ?? '?')).toBe(true);
    expect(description).toMatch(/\n✓ acknowledged by user500000000000000001 \d\d:\d\d$/);
    expect(jsonOf(edited).components).toEqual([]);
    expect(acknowledged).toEqual([`${firingAlert.id} by user${ADMIN}`]);

    // What /ack answered is for the presser alone; the channel gets no new message.
    const notice = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${press.interactionToken}`));
    expect(jsonOf(notice).content).toContain('Acknowledged by');
    expect(jsonOf(notice).flags).toBe(64);
    expect(channelPosts().length - before).toBe(1);
  }, 20_000);

  it('shows benchmark progress with a Stop button that stops it, and sends the end as a new message that rings', async () => {
    if (!adapter) throw new Error('the adapter did not start');
    // As the benchmark service sets it up (src/bench/service.ts).
    const progress = new EditedMessage({
      editor: new DiscordPlatform(adapter), target: { platform: 'discord', chatId: CHANNEL_ID }, clock: new RealClock(), log: silentLogger(),
      buttons: [[benchStopButton(MINER)]], endNote: benchEndNote(MINER),
    });
    progress.update(`Benchmark of ${MINER} (smart, efficiency) started.`);
    const running = await fake.waitForRequest((r) => channelPosts().includes(r) && (jsonOf(r).content ?? '').includes('started'));
    const [stop] = buttonsOf(running);
    expect(stop?.custom_id).toMatch(new RegExp(`^c:[\\w-]{11}:bench stop ${MINER}$`));
    expect(stop?.style).toBe(4);

    const press = fake.pressButton({ userId: ADMIN, customId: stop?.custom_id ?? '', message: asPosted(running, '410000000000000002') });
    const answer = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${press.interactionToken}`));
    expect(jsonOf(answer).content).toContain(`Stopping the benchmark of ${MINER}`);
    expect(cancelled).toEqual([MINER]);

    const postsBefore = channelPosts().length;
    progress.update(`Benchmark of ${MINER} done after 10 min 00 s.\nNo point passed every limit.`, { final: true });
    await progress.settled();
    const note = fake.requests.find((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${CHANNEL_ID}/messages/`));
    expect(jsonOf(note ?? running).content).toBe(`Benchmark of ${MINER}: over; the result is below.`);
    expect(jsonOf(note ?? running).components).toEqual([]);
    const end = channelPosts().slice(postsBefore);
    expect(end).toHaveLength(1);
    expect(jsonOf(end[0] ?? running).embeds?.[0]?.description).toContain(`Benchmark of ${MINER} done after 10 min 00 s.`);
    expect((jsonOf(end[0] ?? running).flags ?? 0) & 4096).toBe(0);
  }, 20_000);
});
