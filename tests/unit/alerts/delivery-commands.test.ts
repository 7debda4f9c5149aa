import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { createAlerting, type Alerting } from '../../../src/alerts/alerting.js';
import type { ChatUser } from '../../../src/chat/identity.js';
import type { ReplyBlock } from '../../../src/chat/reply.js';
import { CommandRouter, type PreparedReply } from '../../../src/chat/router.js';
import type { MinerView } from '../../../src/chat/services.js';
import { parseConfig } from '../../../src/config/load.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { TypedEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { FleetEvents } from '../../../src/fleet/events.js';
import type { Store } from '../../../src/store/store.js';
import { fakePlatforms } from '../../fakes/chat-platform.js';
import { memoryStore, START } from '../messaging/delivery-harness.js';
import { gammaTelemetry, HOUR, SECOND } from './harness.js';

const admin: ChatUser = { platform: 'telegram', id: '1', displayName: 'Anna', chatId: '1', isGroup: false };
const viewer: ChatUser = { platform: 'telegram', id: '2', displayName: 'Ben', chatId: '-500', isGroup: true };
const local: ChatUser = { platform: 'console', id: 'local', displayName: 'console', chatId: 'local', isGroup: false };

const textOf = (reply: PreparedReply | null): string =>
  (reply?.blocks ?? []).map((b: ReplyBlock) => (b.kind === 'text' ? b.text : `[${b.kind}]`)).join('\n');

const minerView = (name: string): MinerView => ({
  name, host: `http://10.0.0.${name.length}`, minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
});

let store: Store;
afterEach(() => store.close());

function setup(alertChatIds: number[] = []): { router: CommandRouter; alerting: Alerting; clock: VirtualClock; fire: (miner: string, chipTempC: number) => void } {
  store = memoryStore();
  const clock = new VirtualClock(START);
  const config = parseConfig({ timezone: 'UTC', chat: { admins: ['telegram:1'], viewers: ['telegram:2'], telegram: { alertChatIds } }, alerts: { groupWindowSeconds: 0 } }, {});
  const miners = [minerView('gamma'), minerView('supra')];
  const alerting = createAlerting({
    config, store, clock, log: silentLogger(), bus: new TypedEventBus<FleetEvents>(),
    miners: () => miners.map((m) => ({ name: m.name, minerId: m.minerId })), platforms: fakePlatforms('telegram'),
  });
  const router = new CommandRouter({
    commands: ALL_COMMANDS, services: { fleet: { miners: () => miners }, store, config, clock, alerts: alerting.desk },
    clock, log: silentLogger(), access: () => config.chat, rateLimit: { burst: 50, refillPerMinute: 60 },
  });
  const fire = (miner: string, chipTempC: number): void => {
    alerting.engine.observeSample(miner, gammaTelemetry({ ts: clock.now(), chipTempC }));
    alerting.engine.tick(clock.now());
  };
  return { router, alerting, clock, fire };
}

describe('alert commands', () => {
  it('/alerts lists what fires, worst first, with Acknowledge and Snooze buttons that run /ack and /snooze', async () => {
    const { router, alerting, fire } = setup();
    expect(textOf(await router.handleText(viewer, '/alerts'))).toBe('Nothing is firing. ✅');
    fire('supra', 71);
    fire('gamma', 76);
    const list = await router.handleText(viewer, '/alerts');
    const text = textOf(list);
    expect(text.indexOf('🔴 gamma · chip temperature')).toBeLessThan(text.indexOf('🟠 supra · chip temperature'));
    const [gamma] = alerting.engine.firing();
    expect(list?.buttons[0]?.map((b) => [b.label, b.id])).toEqual([
      ['Ack gamma', expect.stringMatching(new RegExp(`^c:[\\w-]{11}:ack ${gamma?.id}$`))],
      ['Snooze 1 h', expect.stringMatching(new RegExp(`^c:[\\w-]{11}:snooze ${gamma?.id} 1h$`))],
      ['Snooze 8 h', expect.stringMatching(new RegExp(`^c:[\\w-]{11}:snooze ${gamma?.id} 8h$`))],
    ]);

    const pressed = await router.pressButton(viewer, list?.buttons[0]?.[0]?.id ?? '');
    expect(textOf(pressed.reply)).toBe('Acknowledged by Ben: gamma chip temperature. No more reminders; you will still hear when it resolves.');
    expect(alerting.engine.firing().find((a) => a.miner === 'gamma')?.acknowledgedBy).toBe('Ben');
    expect(textOf(await router.handleText(viewer, '/snooze all 8h'))).toContain('Snoozed for 8 h, until 2026-01-10 20:00: gamma chip temperature, supra chip temperature');
    expect(textOf(await router.handleText(viewer, '/ack aNoSuchAlert'))).toContain('Nothing to acknowledge');
    expect(textOf(await router.handleText(viewer, '/snooze all soon'))).toContain('"soon" is not a duration');
  });

  it('/ack of a grouped message finds its alerts by the notification id the button carries', async () => {
    const { router, alerting, fire } = setup();
    fire('gamma', 76);
    const rows = alerting.outbox.waitingChats();
    expect(rows).toEqual([]);
    alerting.desk.subscribe({ platform: 'telegram', chatId: '1' }, 'info', 'Anna');
    fire('supra', 77);
    const [row] = alerting.outbox.rowsOf({ platform: 'telegram', chatId: '1' });
    expect(textOf(await router.handleText(admin, `/ack ${row?.notificationId ?? ''}`))).toContain('Acknowledged by Anna: supra chip temperature');
  });

  it('/mute is for admins, silences a miner until it ends, and /unmute ends it early', async () => {
    const { router, alerting, clock } = setup();
    expect(textOf(await router.handleText(viewer, '/mute gamma 2h'))).toContain('needs the admin role');
    expect(textOf(await router.handleText(admin, '/mute gam 2h'))).toBe(
      '🔕 Alerts of gamma muted for 2 h, until 2026-01-10 14:00. What still fires then is announced; /unmute ends it sooner.',
    );
    expect(alerting.engine.activeMutes().map((m) => [m.target, m.by, m.until])).toEqual([['gamma', 'Anna', START + 2 * HOUR]]);
    expect(textOf(await router.handleText(admin, '/alerts'))).toContain('🔕 gamma muted until 2026-01-10 14:00 (by Anna)');
    await clock.advance(SECOND);
    expect(textOf(await router.handleText(admin, '/unmute'))).toBe('🔔 Unmuted: gamma. Alerts still firing are announced now.');
    expect(textOf(await router.handleText(admin, '/unmute'))).toBe('Nothing is muted.');
    expect(textOf(await router.handleText(admin, '/mute all forever'))).toContain('Usage: /mute <miner|all> <duration>');
  });

  it('/subscribe and /unsubscribe set this chat\'s level; a console chat cannot receive alerts', async () => {
    const { router, alerting } = setup();
    expect(textOf(await router.handleText(viewer, '/subscribe critical'))).toContain('This chat now receives critical alerts only');
    expect(alerting.subscriptions.get({ platform: 'telegram', chatId: '-500' })).toMatchObject({ minSeverity: 'critical', active: true, subscribedBy: 'Ben' });
    expect(textOf(await router.handleText(viewer, '/subscribe'))).toContain('warning and critical alerts');
    expect(textOf(await router.handleText(viewer, '/subscribe loud'))).toContain('"loud" is not a level');
    expect(textOf(await router.handleText(viewer, '/unsubscribe'))).toBe('🔕 This chat no longer receives alerts or the digest.');
    expect(alerting.subscriptions.active()).toEqual([]);
    expect(textOf(await router.handleText(local, '/subscribe'))).toContain('cannot be delivered to console chats');
  });

  it('/subscribe in a forum topic subscribes that topic; /unsubscribe there says the group still gets every alert', async () => {
    const { router, alerting } = setup([-500]);
    const inTopic: ChatUser = { ...viewer, threadId: 42 };
    expect(textOf(await router.handleText(inTopic, '/subscribe info'))).toContain('This chat now receives every alert');
    expect(alerting.subscriptions.active().map((s) => [s.chatId, s.thread, s.minSeverity])).toEqual([['-500', '42', 'info']]);
    expect(textOf(await router.handleText(inTopic, '/unsubscribe'))).toContain('still receives every alert');
    expect(alerting.subscriptions.active()).toEqual([]);
  });

  it('/alerttest queues the test message for this chat only, through the outbox', async () => {
    const { router, alerting } = setup();
    alerting.desk.subscribe({ platform: 'telegram', chatId: '1' }, 'info', 'Anna');
    expect(textOf(await router.handleText(viewer, '/alerttest'))).toContain('on its way to this chat');
    expect(alerting.outbox.waitingChats().map((c) => c.chatId)).toEqual(['-500']);
    const [row] = alerting.outbox.rowsOf({ platform: 'telegram', chatId: '-500' });
    expect(row?.message.blocks[0]).toMatchObject({ text: '🔔 Test alert from axepilot, asked for by Ben. If you can read this, alerts reach this chat.' });
  });

  it('/digest answers with the digest now', async () => {
    const { router } = setup();
    const digest = textOf(await router.handleText(viewer, '/digest'));
    expect(digest).toContain('Daily digest: the 24 h to 2026-01-10 12:00');
    expect(digest).toContain('No alerts fired. ✅');
  });
});
