/**
 * A chat that blocked the bot (Telegram 403) loses nothing: its alerts wait in the outbox, and when its user writes to
 * the bot again they arrive once each, in order. The other chats are served all along.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_CHAT, readable, startAlertRig, VIEWER, type AlertRig } from './alert-rig.js';

let rig: AlertRig;

beforeAll(async () => {
  rig = await startAlertRig(['gamma', 'ultra']);
  await rig.command(VIEWER, VIEWER, '/subscribe', 'This chat now receives warning and critical alerts');
});

afterAll(async () => {
  await rig.close();
});

describe('a chat that blocked the bot', () => {
  it('keeps its alerts until it is reachable again, then gets each once, in order', async () => {
    const viewer = { platform: 'telegram', chatId: String(VIEWER) };
    let blocked = true;
    rig.fake.failFor('sendMessage', () => blocked, { status: 403, chatId: VIEWER, description: 'Forbidden: bot was blocked by the user' });
    rig.sim('sim-gamma-1').injectFault('flatline');
    await rig.message(ALERT_CHAT, 'sim-gamma-1: hashrate 0');
    await rig.fake.waitFor(
      (calls) => calls.find((c) => c.method === 'sendMessage' && c.status === 403 && Number(c.params.chat_id) === VIEWER),
      8_000,
      'the blocked chat answering 403',
    );
    rig.sim('sim-ultra-1').injectFault('flatline');
    await rig.message(ALERT_CHAT, 'sim-ultra-1: hashrate 0');
    await expect.poll(() => rig.service.alerts.outbox.rowsOf(viewer).map((r) => r.state), { timeout: 8_000 }).toEqual(['pending', 'pending']);
    expect(rig.service.alerts.subscriptions.get(viewer)?.active).toBe(true);

    // The user unblocks the bot and writes to it.
    blocked = false;
    await rig.command(VIEWER, VIEWER, '/whoami', `telegram:${VIEWER}`);
    await rig.message(VIEWER, 'sim-ultra-1: hashrate 0');
    await expect.poll(() => rig.service.alerts.outbox.rowsOf(viewer).map((r) => r.state)).toEqual(['sent', 'sent']);
    const texts = rig.fake.sent(VIEWER).map((m) => readable(m.text));
    const at = (fragment: string): number => {
      expect(texts.filter((t) => t.includes(fragment)), `"${fragment}" exactly once`).toHaveLength(1);
      return texts.findIndex((t) => t.includes(fragment));
    };
    expect(at('sim-gamma-1: hashrate 0')).toBeLessThan(at('sim-ultra-1: hashrate 0'));
    expect(rig.service.alerts.outbox.counts()).toMatchObject({ dropped: 0, failed: 0 });
    rig.sim('sim-gamma-1').clearFault('flatline');
    rig.sim('sim-ultra-1').clearFault('flatline');
  });
});
