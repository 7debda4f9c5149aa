/**
 * Delivery under trouble, end to end: Telegram answering 500 for a while and the service restarted in the middle
 * still deliver every alert exactly once, in order; `/alerttest` goes through the whole path to the asking chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ALERT_CHAT, readable, startAlertRig, VIEWER, type AlertRig } from './alert-rig.js';

let rig: AlertRig;

beforeAll(async () => {
  rig = await startAlertRig(['gamma', 'ultra']);
  await rig.command(VIEWER, VIEWER, '/subscribe', 'This chat now receives warning and critical alerts');
});

afterAll(async () => {
  await rig.close();
});

/** The bot's message texts in a chat, in the order Telegram accepted them. */
function texts(chatId: number): string[] {
  return rig.fake.sent(chatId).map((m) => readable(m.text));
}

describe('alert delivery end to end', () => {
  it('/alerttest reaches the asking chat through the outbox, and no other chat', async () => {
    await rig.command(ADMIN, ADMIN, '/alerttest', 'A test alert is on its way');
    await rig.message(ADMIN, 'Test alert from axepilot, asked for by User 7003');
    expect(rig.messages(ALERT_CHAT, 'Test alert')).toHaveLength(0);
    expect(rig.messages(VIEWER, 'Test alert')).toHaveLength(0);
    const [row] = rig.service.alerts.outbox.rowsOf({ platform: 'telegram', chatId: String(ADMIN) });
    expect(row).toMatchObject({ kind: 'test', state: 'sent' });
  });

  it('sends the daily digest through the outbox to the alert chat and the subscriber, with its chart', async () => {
    expect(await rig.service.alerts.desk.sendDigest()).toBe(2);
    for (const chat of [ALERT_CHAT, VIEWER]) {
      await rig.message(chat, 'Daily digest: the 24 h to');
      const photo = await rig.fake.waitFor(() => rig.fake.sent(chat).find((m) => m.kind === 'photo'), 8_000, `the digest chart in chat ${chat}`);
      expect(photo.text).toBe('Fleet hashrate, last 24 h');
      expect(photo.file?.size).toBeGreaterThan(1_000);
    }
    const call = rig.fake.callsOf('sendMessage').find((c) => Number(c.params.chat_id) === ALERT_CHAT && readable(String(c.params.text)).includes('Daily digest'));
    expect(call?.params.disable_notification).toBe(true);
  });

  it('survives Telegram failing and a restart in the middle: every alert exactly once, in order', async () => {
    let telegramDown = true;
    rig.fake.failFor('sendMessage', () => telegramDown, { status: 500 });
    rig.sim('sim-gamma-1').injectFault('flatline');
    await rig.fake.waitFor(
      (calls) => calls.find((c) => c.method === 'sendMessage' && c.status === 500 && readable(String(c.params.text)).includes('sim-gamma-1: hashrate 0')),
      8_000,
      'a failed attempt to send the first alert',
    );
    rig.sim('sim-ultra-1').injectFault('flatline');
    await expect.poll(() => rig.service.alerts.engine.firing().map((a) => a.miner).sort(), { timeout: 8_000 }).toEqual(['sim-gamma-1', 'sim-ultra-1']);
    expect(rig.service.alerts.outbox.counts().pending).toBe(4);

    await rig.restart(() => {
      telegramDown = false;
    });

    for (const chat of [ALERT_CHAT, VIEWER]) await rig.message(chat, 'sim-ultra-1: hashrate 0 GH/s');
    rig.sim('sim-gamma-1').clearFault('flatline');
    rig.sim('sim-ultra-1').clearFault('flatline');
    rig.clock.jump(10_000);
    for (const chat of [ALERT_CHAT, VIEWER]) {
      await rig.message(chat, 'sim-gamma-1: hashing again');
      await rig.message(chat, 'sim-ultra-1: hashing again');
    }

    for (const chat of [ALERT_CHAT, VIEWER]) {
      const sent = texts(chat);
      const index = (fragment: string): number => {
        const found = sent.filter((t) => t.includes(fragment));
        expect(found, `chat ${chat}: "${fragment}" exactly once`).toHaveLength(1);
        return sent.findIndex((t) => t.includes(fragment));
      };
      expect(index('sim-gamma-1: hashrate 0')).toBeLessThan(index('sim-ultra-1: hashrate 0'));
      expect(index('sim-gamma-1: hashrate 0')).toBeLessThan(index('sim-gamma-1: hashing again'));
      expect(index('sim-ultra-1: hashrate 0')).toBeLessThan(index('sim-ultra-1: hashing again'));
    }
    const delivered = rig.fake.callsOf('sendMessage').filter((c) => c.status === 200 && readable(String(c.params.text)).includes('hashrate 0'));
    expect(delivered).toHaveLength(4);
    // Telegram answers before the row is marked sent.
    await expect.poll(() => rig.service.alerts.outbox.counts()).toMatchObject({ pending: 0, dropped: 0, failed: 0 });
  });

  it('keeps the alerts waiting while Telegram refuses the bot token (401), and sends them once when it works again', async () => {
    let tokenRefused = true;
    rig.fake.failFor('sendMessage', () => tokenRefused, { status: 401 });
    const callsBefore = rig.fake.calls.length;
    const newCalls = (): typeof rig.fake.calls => rig.fake.calls.slice(callsBefore);
    rig.sim('sim-ultra-1').injectFault('flatline');
    await rig.fake.waitFor(
      () => newCalls().find((c) => c.method === 'sendMessage' && c.status === 401 && readable(String(c.params.text)).includes('sim-ultra-1: hashrate 0')),
      8_000,
      'an attempt refused for the token',
    );
    // Refused for the token, not for the message: nothing is marked failed, everything waits.
    const verdictLogged = (): boolean => rig.logLines.some((line) =>
      line.includes('the chat platform is not available') || line.includes('refused by the chat platform'));
    await expect.poll(verdictLogged, { timeout: 8_000 }).toBe(true);
    await rig.service.alerts.dispatcher.settled();
    expect(rig.service.alerts.outbox.counts().pending).toBeGreaterThan(0);
    expect(rig.service.alerts.outbox.counts().failed).toBe(0);

    // The owner fixes the token and restarts axepilot.
    await rig.restart(() => {
      tokenRefused = false;
    });
    for (const chat of [ALERT_CHAT, VIEWER]) await rig.message(chat, 'sim-ultra-1: hashrate 0 GH/s');
    const delivered = (chat: number): number => newCalls().filter((c) =>
      c.method === 'sendMessage' && c.status === 200 && Number(c.params.chat_id) === chat && readable(String(c.params.text)).includes('sim-ultra-1: hashrate 0')).length;
    await expect.poll(() => rig.service.alerts.outbox.counts()).toMatchObject({ pending: 0, failed: 0 });
    expect(delivered(ALERT_CHAT)).toBe(1);
    expect(delivered(VIEWER)).toBe(1);
    rig.sim('sim-ultra-1').clearFault('flatline');
  });
});
