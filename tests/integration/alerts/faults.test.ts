/**
 * Faults injected into simulated miners, through the real service, to the fake Telegram: one firing message per
 * target chat, a resolved message once the fault is gone, and silence while muted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ALERT_CHAT, readable, startAlertRig, VIEWER, type AlertRig } from './alert-rig.js';

let rig: AlertRig;

beforeAll(async () => {
  // One miner per test, so each test's faults stay its own.
  rig = await startAlertRig(['gamma', 'ultra', 'gamma', 'supra', 'hex']);
  await rig.command(VIEWER, VIEWER, '/subscribe critical', 'This chat now receives critical alerts only');
});

afterAll(async () => {
  await rig.close();
});

/** Both target chats got exactly one message containing `fragment`. */
function exactlyOneEach(fragment: string): void {
  for (const chat of [ALERT_CHAT, VIEWER]) expect(rig.messages(chat, fragment), `chat ${chat}: "${fragment}"`).toHaveLength(1);
}

async function bothChats(fragment: string): Promise<void> {
  await rig.message(ALERT_CHAT, fragment);
  await rig.message(VIEWER, fragment);
}

describe('alerts end to end', () => {
  it('flatline: one firing message per chat with working buttons, then one resolved message', async () => {
    rig.sim('sim-gamma-1').injectFault('flatline');
    await bothChats('sim-gamma-1: hashrate 0 GH/s while the miner answers');
    const [firing] = rig.messages(ALERT_CHAT, 'sim-gamma-1: hashrate 0 GH/s');
    const labels = firing?.replyMarkup?.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(['Acknowledge', 'Snooze 1 h', 'Snooze 8 h']);

    const ack = firing?.replyMarkup?.inline_keyboard[0]?.[0];
    rig.fake.pressButton({ chatId: ALERT_CHAT, userId: ADMIN, messageId: firing?.messageId ?? 0, data: ack && 'callback_data' in ack ? ack.callback_data : '' });
    // The alert itself now says who acknowledged it, and loses its buttons; the presser sees the full answer briefly.
    await rig.message(ALERT_CHAT, '✓ acknowledged by User 7003');
    const answer = rig.fake.callsOf('answerCallbackQuery').at(-1);
    expect(String(answer?.params.text)).toContain('Acknowledged by User 7003: sim-gamma-1 hashrate flatline');
    expect(rig.messages(ALERT_CHAT, 'sim-gamma-1: hashrate 0 GH/s')[0]?.replyMarkup).toBeUndefined();

    rig.sim('sim-gamma-1').clearFault('flatline');
    // The firmware shows a hashrate again a few seconds after the ASIC restarts.
    rig.clock.jump(10_000);
    await bothChats('sim-gamma-1: hashing again at');
    exactlyOneEach('sim-gamma-1: hashrate 0 GH/s');
    exactlyOneEach('sim-gamma-1: hashing again');
    const events = rig.service.store.events.list({ limit: 50 }).filter((e) => e.kind === 'alert').map((e) => e.message);
    expect(events).toEqual(expect.arrayContaining([expect.stringMatching(/^sim-gamma-1: hashrate 0 GH\/s/), expect.stringMatching(/^sim-gamma-1: hashing again/)]));
  });

  it('fan failure: fires after its 30 s and resolves 30 s after the fan turns again', async () => {
    const miner = 'sim-ultra-1';
    rig.sim(miner).injectFault('fan-failure');
    await rig.sample(miner, (t) => t.fanRpm === 0);
    rig.clock.jump(31_000);
    await bothChats(`${miner}: fan stopped: 0 rpm`);
    rig.sim(miner).clearFault('fan-failure');
    await rig.sample(miner, (t) => (t.fanRpm ?? 0) > 0);
    rig.clock.jump(31_000);
    await bothChats(`${miner}: fan turning again`);
    exactlyOneEach(`${miner}: fan stopped`);
    exactlyOneEach(`${miner}: fan turning again`);
  });

  it('overheat: the firmware trips, and the alert resolves once it recovers', async () => {
    const miner = 'sim-gamma-2';
    rig.sim(miner).injectFault('overheat');
    await rig.sample(miner);
    // Blocked airflow takes the chip past 75 °C within half a minute.
    rig.clock.jump(30_000);
    await bothChats(`${miner}: overheat mode: the firmware stopped hashing`);
    rig.sim(miner).clearFault('overheat');
    await rig.sample(miner);
    rig.clock.jump(60_000);
    await bothChats(`${miner}: overheat mode cleared`);
    exactlyOneEach(`${miner}: overheat mode: the firmware stopped hashing`);
    exactlyOneEach(`${miner}: overheat mode cleared`);
    // The firmware (2.12) mines again 100 MHz / 100 mV lower with the fan stuck at manual 100 %: not "all is well".
    await rig.message(ALERT_CHAT, `${miner}: runs below its settings after the firmware's overheat protection: 425 MHz / 1050 mV, fan manual 100 % (was 525 / 1150, auto)`);
    const status = await rig.command(ADMIN, ADMIN, `/status ${miner}`, 'State: degraded');
    expect(readable(status.text)).toContain('  425 MHz / 1050 mV, fan manual 100 %\n  (was 525 / 1150, auto)');
    const changes = rig.service.store.events.list({ limit: 100 }).filter((e) => e.kind === 'settingsChanged').map((e) => e.message);
    expect(changes).toContain(`${miner} settings changed by the firmware's overheat protection: frequency 525 → 425 MHz, core voltage 1150 → 1050 mV`);
    // A restart of axepilot does not take the lower settings for the owner's.
    await rig.restart();
    await rig.sample(miner);
    expect(rig.service.collector.find(miner)?.protectionDrop?.own).toMatchObject({ frequencyMhz: 525, coreVoltageMv: 1150, autoFan: true });
  });

  it('offline: fires once the miner has been silent long enough, resolves when it answers again', async () => {
    const miner = 'sim-supra-1';
    const failed = new Promise<void>((resolve) => {
      const off = rig.service.collector.bus.on('pollFailed', ({ miner: ref }) => {
        if (ref.name !== miner) return;
        off();
        resolve();
      });
    });
    rig.sim(miner).injectFault('offline');
    await failed;
    // The fleet calls a miner offline after 30 s without a good poll.
    rig.clock.jump(31_000);
    await bothChats(`${miner}: offline, no answer for`);
    rig.sim(miner).clearFault('offline');
    await bothChats(`${miner}: back online after`);
    exactlyOneEach(`${miner}: offline, no answer`);
    exactlyOneEach(`${miner}: back online`);
  });

  it('mute: no message while muted; what still fires is announced when the mute ends', async () => {
    const miner = 'sim-hex-1';
    await rig.command(ADMIN, ADMIN, `/mute ${miner} 1h`, `Alerts of ${miner} muted for 1 h`);
    rig.sim(miner).injectFault('flatline');
    await expect.poll(() => rig.service.alerts.engine.firing().some((a) => a.miner === miner), { timeout: 8_000 }).toBe(true);
    // A sync point: a reply in the alert chat proves the dispatcher had every chance to send.
    await rig.command(ALERT_CHAT, ADMIN, '/alerts', `${miner} · hashrate flatline`);
    expect(readable(rig.messages(ALERT_CHAT, `${miner} · hashrate flatline`)[0]?.text)).toContain('not announced yet');
    expect(rig.messages(ALERT_CHAT, `${miner}: hashrate 0 GH/s`)).toHaveLength(0);
    expect(rig.messages(VIEWER, `${miner}: hashrate 0 GH/s`)).toHaveLength(0);

    await rig.command(ADMIN, ADMIN, `/unmute ${miner}`, `Unmuted: ${miner}`);
    await bothChats(`${miner}: hashrate 0 GH/s`);
    rig.sim(miner).clearFault('flatline');
    rig.clock.jump(10_000);
    await bothChats(`${miner}: hashing again`);
    exactlyOneEach(`${miner}: hashrate 0 GH/s`);
  });
});
