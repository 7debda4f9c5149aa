/**
 * Alerts in a Telegram forum topic, end to end: `/subscribe` sent inside a topic of a supergroup makes alerts arrive
 * in that topic (`message_thread_id`), not in the group's General, and a message waiting in the outbox for the topic
 * keeps its topic across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fakes/telegram-bot-api.js';
import { readable, startAlertRig, VIEWER, type AlertRig } from './alert-rig.js';

/** A supergroup with topics, and the topic "Miners" in it. */
const FORUM = -1001000000555;
const TOPIC = 42;

let rig: AlertRig;

beforeAll(async () => {
  rig = await startAlertRig(['gamma', 'ultra']);
});

afterAll(async () => {
  await rig.close();
});

/** The bot's sendMessage calls to the forum whose text contains `fragment`, successful or not. */
function callsTo(fragment: string): RecordedCall[] {
  return rig.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === FORUM && readable(String(c.params.text)).includes(fragment));
}

describe('alerts in a forum topic', () => {
  it('/subscribe in a topic: the alert arrives in that topic', async () => {
    rig.fake.sendUserMessage({ chatId: FORUM, userId: VIEWER, text: '/subscribe', chatType: 'group', threadId: TOPIC });
    await rig.message(FORUM, 'This chat now receives warning and critical alerts');
    expect(rig.service.alerts.subscriptions.get({ platform: 'telegram', chatId: String(FORUM), thread: String(TOPIC) })).toMatchObject({ minSeverity: 'warning' });
    // The group itself (General) has no subscription of its own.
    expect(rig.service.alerts.subscriptions.get({ platform: 'telegram', chatId: String(FORUM) })).toBeNull();

    rig.sim('sim-gamma-1').injectFault('flatline');
    await rig.message(FORUM, 'sim-gamma-1: hashrate 0');
    expect(callsTo('sim-gamma-1: hashrate 0').map((c) => c.params.message_thread_id)).toEqual([TOPIC]);
  });

  it("keeps a waiting message's topic across a restart", async () => {
    let telegramDown = true;
    rig.fake.failFor('sendMessage', (call) => telegramDown && Number(call.params.chat_id) === FORUM, { status: 500 });
    rig.sim('sim-ultra-1').injectFault('flatline');
    await rig.fake.waitFor(
      (calls) => calls.find((c) => c.method === 'sendMessage' && c.status === 500 && readable(String(c.params.text)).includes('sim-ultra-1: hashrate 0')),
      8_000,
      'a failed attempt to send the alert into the topic',
    );
    const waiting = rig.service.alerts.outbox.pending({ platform: 'telegram', chatId: String(FORUM), thread: String(TOPIC) });
    expect(waiting.map((row) => row.thread)).toEqual([String(TOPIC)]);

    await rig.restart(() => {
      telegramDown = false;
    });

    await rig.message(FORUM, 'sim-ultra-1: hashrate 0');
    const calls = callsTo('sim-ultra-1: hashrate 0');
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.map((c) => c.params.message_thread_id)).toEqual(calls.map(() => TOPIC));
    expect(rig.messages(FORUM, 'sim-ultra-1: hashrate 0')).toHaveLength(1);
  });
});
