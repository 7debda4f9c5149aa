/**
 * The Telegram bot that guides (issue 12, part 2), through the real telegraf against the fake Bot API: /start for an
 * admin and for a stranger, a picker for bare commands, command menus per scope, forum topics, Acknowledge editing
 * the alert, the end of a benchmark as a new message, a refused upload explained, and a moved group reported.
 */
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import type { ActiveAlert } from '../../../src/alerts/engine/alert-record.js';
import { alertMessage } from '../../../src/alerts/delivery/alert-message.js';
import type { AlertDesk } from '../../../src/alerts/desk.js';
import type { AlertNotification } from '../../../src/alerts/engine/notification.js';
import { EditedMessage } from '../../../src/messaging/edited-message.js';
import { CommandRouter } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { TelegramAdapter } from '../../../src/chat/telegram/adapter.js';
import { TelegramPlatform } from '../../../src/chat/telegram/platform.js';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';

import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-bot-api.js';
import { readable, waitForMessage } from './service-harness.js';
import { benchEndNote, benchStopButton } from '../../../src/bench/service.js';
import { openTempStore } from '../store/helpers.js';

const ADMIN = 11;
const SECOND_ADMIN = 12;
const VIEWER = 21;
const STRANGER = 31;
const MINERS = ['gamma-attic-shelf1', 'supra-garage-rack2', 'ultra-office-desk3'];

const view = (name: string): MinerView => ({
  name, host: `http://10.0.0.${name.length}`, minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
});

const firingAlert: ActiveAlert = {
  id: 'a663lpFVJLep', rule: 'fan-failure', ruleTitle: 'fan failure', miner: MINERS[0] ?? '', severity: 'critical',
  summary: 'fan stopped: 0 rpm', firedAt: Date.now() - 60_000, announced: true, acknowledgedBy: null, snoozedUntil: null,
} as unknown as ActiveAlert;

/** The alert desk's two answers these commands need; the rest of alerting is tested on its own. */
const alertDesk = {
  firing: () => [firingAlert],
  acknowledge: (id: string) => (id === firingAlert.id || id === 'all' ? [firingAlert] : []),
  snooze: (id: string) => (id === firingAlert.id || id === 'all' ? [firingAlert] : []),
} as unknown as AlertDesk;

interface Bot {
  fake: FakeTelegram;
  adapter: TelegramAdapter;
}

describe('a Telegram bot that guides', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<Bot> {
    const { store, path, cleanup } = openTempStore();
    cleanups.push(cleanup);
    const fake = await startFakeTelegram({ pollHoldMs: 100 });
    cleanups.push(() => fake.close());
    const clock = new RealClock();
    const log = silentLogger();
    const config = parseConfig({ timezone: 'UTC', chat: { admins: [`telegram:${ADMIN}`, `telegram:${SECOND_ADMIN}`], viewers: [`telegram:${VIEWER}`] } }, {});
    const miners = MINERS.map(view);
    const router = new CommandRouter({
      commands: ALL_COMMANDS,
      services: { fleet: { miners: () => miners }, store, config, clock, alerts: alertDesk, filesDir: dirname(path) },
      clock, log, access: () => config.chat,
    });
    const adapter = new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, router, clock, log, limits: { perChatIntervalMs: 0 } });
    cleanups.push(() => adapter.stop());
    await adapter.start();
    return { fake, adapter };
  }

  it('/start tells an admin what the bot is, their role and id, and what to try', async () => {
    const { fake } = await setup();
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/start' });
    const text = readable((await waitForMessage(fake, ADMIN)).text);
    expect(text).toContain('axepilot watches 3 miners');
    expect(text).toContain(', admin');
    expect(text).toContain(`telegram:${ADMIN}`);
    expect(text).toContain('/status');
    expect(text).not.toContain('Unknown command');
  }, 20_000);

  it('/start tells a stranger their id and what the owner puts in the config, and answers them again later', async () => {
    const { fake } = await setup();
    fake.sendUserMessage({ chatId: STRANGER, userId: STRANGER, text: '/start' });
    const text = readable((await waitForMessage(fake, STRANGER)).text);
    expect(text).toContain('not allowed yet');
    expect(text).toContain(`viewers: ["telegram:${STRANGER}"]`);
    for (const name of MINERS) expect(text).not.toContain(name);
    fake.sendUserMessage({ chatId: STRANGER, userId: STRANGER, text: '/start' });
    await expect.poll(() => fake.sent(STRANGER).length, { timeout: 5_000 }).toBe(2);
  }, 20_000);

  it('answers a bare /history with a keyboard of miners whose button runs the command', async () => {
    const { fake } = await setup();
    fake.sendUserMessage({ chatId: VIEWER, userId: VIEWER, text: '/history' });
    const picker = await waitForMessage(fake, VIEWER);
    expect(readable(picker.text)).toContain('which miner?');
    const buttons = picker.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(MINERS);
    const second = buttons[1];
    if (!second || !('callback_data' in second)) throw new Error('no miner button');
    expect(second.callback_data).toMatch(/^c:[\w-]{11}:history supra-garage-rack2$/);

    fake.pressButton({ chatId: VIEWER, userId: VIEWER, messageId: picker.messageId, data: second.callback_data });
    const answer = await waitForMessage(fake, VIEWER, (m) => m.messageId !== picker.messageId);
    // The miner in this test was never polled: the command ran for it and says so.
    expect(readable(answer.text)).toBe('No data for supra-garage-rack2 yet.');
  }, 20_000);

  it('answers a bare /ack with a keyboard of firing alerts', async () => {
    const { fake } = await setup();
    fake.sendUserMessage({ chatId: VIEWER, userId: VIEWER, text: '/ack' });
    const picker = await waitForMessage(fake, VIEWER);
    const buttons = picker.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual([`${MINERS[0]} · fan failure`, 'All of them']);
  }, 20_000);

  it('publishes the viewer menu for everyone and the admin menu in each admin\'s private chat', async () => {
    const { fake } = await setup();
    await fake.waitFor(() => fake.callsOf('setMyCommands').length >= 3, 5_000, 'three command menus');
    const menus = fake.callsOf('setMyCommands').map((call) => ({
      scope: call.params.scope as { type: string; chat_id?: number } | undefined,
      names: (call.params.commands as Array<{ command: string }>).map((c) => c.command),
    }));
    const everyone = menus.find((m) => m.scope?.type === 'default');
    expect(everyone?.names).toEqual(expect.arrayContaining(['status', 'history', 'ack', 'help']));
    expect(everyone?.names).not.toContain('set');
    expect(everyone?.names).not.toContain('start');
    for (const admin of [ADMIN, SECOND_ADMIN]) {
      const own = menus.find((m) => m.scope?.type === 'chat' && m.scope.chat_id === admin);
      expect(own?.names).toEqual(expect.arrayContaining(['status', 'set', 'restart', 'bench', 'undo']));
    }
    expect(menus).toHaveLength(3);
  }, 20_000);

  it('replies in the forum topic the command came from', async () => {
    const { fake } = await setup();
    const group = -1001000000777;
    fake.sendUserMessage({ chatId: group, userId: VIEWER, text: '/history', chatType: 'group', threadId: 42 });
    const picker = await waitForMessage(fake, group);
    const sent = fake.callsOf('sendMessage').find((c) => Number(c.params.chat_id) === group);
    expect(sent?.params.message_thread_id).toBe(42);
    // A button pressed in the topic answers there too.
    const button = picker.replyMarkup?.inline_keyboard[0]?.[0];
    if (!button || !('callback_data' in button)) throw new Error('no button');
    fake.pressButton({ chatId: group, userId: VIEWER, messageId: picker.messageId, data: button.callback_data });
    await waitForMessage(fake, group, (m) => m.messageId !== picker.messageId);
    expect(fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === group).map((c) => c.params.message_thread_id)).toEqual([42, 42]);
  }, 20_000);

  it('posts an alert into the topic it is meant for', async () => {
    const { fake, adapter } = await setup();
    await adapter.sendTo(-1001000000777, { blocks: [{ kind: 'text', text: 'alert', style: 'plain' }], buttons: [] }, { threadId: 9 });
    expect(fake.callsOf('sendMessage').at(-1)?.params.message_thread_id).toBe(9);
  }, 20_000);

  it("keeps a benchmark's progress and its end in the forum topic it was started from", async () => {
    const { fake, adapter } = await setup();
    const group = -1001000000777;
    const progress = new EditedMessage({
      editor: new TelegramPlatform(adapter), target: { platform: 'telegram', chatId: String(group), thread: '42' }, clock: new RealClock(),
      log: silentLogger(), endNote: 'Benchmark: over; the result is below.',
    });
    progress.update('Benchmark started.');
    progress.update('Benchmark done.', { final: true });
    await progress.settled();
    expect(fake.callsOf('sendMessage').map((c) => c.params.message_thread_id)).toEqual([42, 42]);
  });

  it('edits the alert message when Acknowledge is pressed: who and when, buttons gone, no new message', async () => {
    const { fake, adapter } = await setup();
    const group = -500;
    const notification: AlertNotification = {
      id: 'n1', kind: 'firing', rule: 'fan-failure', severity: 'critical', miners: [MINERS[0] ?? ''], alertIds: [firingAlert.id],
      text: `🔴 ${MINERS[0]}: fan stopped: 0 rpm`, silent: false, createdAt: Date.now(),
      actionable: true,
    };
    await adapter.sendTo(group, alertMessage(notification));
    const alert = fake.sent(group).at(-1);
    const ack = alert?.replyMarkup?.inline_keyboard[0]?.[0];
    if (!alert || !ack || !('callback_data' in ack)) throw new Error('the alert has no button');

    fake.pressButton({ chatId: group, userId: VIEWER, messageId: alert.messageId, data: ack.callback_data });
    const answer = await fake.waitForCall('answerCallbackQuery', undefined, 5_000);
    expect(String(answer.params.text)).toContain('Acknowledged by');
    await expect.poll(() => fake.sent(group)[0]?.edited, { timeout: 5_000 }).toBe(true);
    const edited = fake.sent(group)[0];
    expect(edited?.text).toMatch(new RegExp(`^🔴 ${MINERS[0]}: fan stopped: 0 rpm\\n✓ acknowledged by .+ \\d\\d:\\d\\d$`));
    expect(edited?.replyMarkup).toBeUndefined();
    expect(fake.sent(group)).toHaveLength(1);
  }, 20_000);

  it('sends the end of a benchmark as a new message that rings, after progress with a Stop button', async () => {
    const { fake, adapter } = await setup();
    const miner = MINERS[0] ?? '';
    // As the benchmark service sets it up (src/bench/service.ts).
    const progress = new EditedMessage({
      editor: new TelegramPlatform(adapter), target: { platform: 'telegram', chatId: String(ADMIN) }, clock: new RealClock(), log: silentLogger(),
      buttons: [[benchStopButton(miner)]], endNote: benchEndNote(miner),
    });
    progress.update(`Benchmark of ${miner} (smart, efficiency) started.`);
    const running = await waitForMessage(fake, ADMIN);
    const stop = running.replyMarkup?.inline_keyboard[0]?.[0];
    expect(stop && 'callback_data' in stop ? stop.callback_data : '').toMatch(new RegExp(`^c:[\\w-]{11}:bench stop ${miner}$`));
    progress.update(`Benchmark of ${miner} done after 10 min 00 s.\nNo point passed every limit.`, { final: true });
    await progress.settled();

    const messages = fake.sent(ADMIN);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.edited).toBe(true);
    expect(messages[0]?.replyMarkup).toBeUndefined();
    expect(readable(messages[1]?.text)).toContain(`Benchmark of ${miner} done after 10 min 00 s.`);
    const end = fake.callsOf('sendMessage').at(-1);
    expect(end?.params.disable_notification).toBeUndefined();
  }, 20_000);

  it('tells the user when Telegram refuses a file as too large (413), instead of silence', async () => {
    const { fake } = await setup();
    fake.failNext('sendDocument', { status: 413, description: 'Request Entity Too Large' });
    fake.sendUserMessage({ chatId: VIEWER, userId: VIEWER, text: `/export ${MINERS[0]} 24h` });
    const notice = await waitForMessage(fake, VIEWER);
    const text = readable(notice.text);
    expect(text).toContain(`Telegram refused the file axepilot-${MINERS[0]}-24h.csv`);
    expect(text).toContain('too large');
    expect(text).toContain('/export');
    expect(fake.callsOf('sendDocument').map((c) => c.status)).toEqual([413]);
  }, 20_000);

  it('tells each admin once when a group moves to a new id', async () => {
    const { fake } = await setup();
    fake.migrateGroup({ chatId: -600, toChatId: -100600, userId: ADMIN });
    fake.migrateGroup({ chatId: -600, toChatId: -100600, userId: ADMIN });
    const told = await waitForMessage(fake, ADMIN);
    expect(readable(told.text)).toContain('its new id is -100600');
    expect(readable(told.text)).toContain('chat.telegram.alertChatIds');
    await waitForMessage(fake, SECOND_ADMIN);
    fake.sendUserMessage({ chatId: ADMIN, userId: ADMIN, text: '/whoami' });
    await waitForMessage(fake, ADMIN, (m) => readable(m.text).includes('role: admin'));
    expect(fake.sent(ADMIN)).toHaveLength(2);
  }, 20_000);

  it('tells the admins when an alert to a group is refused with the group\'s new id', async () => {
    const { fake, adapter } = await setup();
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', migrateToChatId: -100700, chatId: -700 });
    await expect(adapter.sendTo(-700, { blocks: [{ kind: 'text', text: 'alert', style: 'plain' }], buttons: [] })).rejects.toThrow(/upgraded/);
    const told = await waitForMessage(fake, ADMIN);
    expect(readable(told.text)).toContain('The Telegram group -700 became a supergroup; its new id is -100700.');
  }, 20_000);
});
