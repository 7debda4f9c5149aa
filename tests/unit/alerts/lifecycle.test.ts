import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../../src/alerts/delivery/alert-message.js';
import { ButtonSigner } from '../../../src/messaging/button-id.js';
import { Harness, HOUR, MINUTE, SECOND } from './harness.js';

const commandLineOf = (id: string): string | undefined => ButtonSigner.unsigned(id)?.line;

const HOT = { chipTempC: 71 };
const COOL = { chipTempC: 60 };

/** Ticks every second for `ms`: reminder times are then exact to the second. */
function tickFor(h: Harness, ms: number): void {
  for (let t = 0; t < ms; t += SECOND) h.wait(SECOND);
}

describe('reminders, acknowledge, snooze', () => {
  it('reminds every repeatMinutes while firing, with buttons, and stops after an acknowledgement', () => {
    const h = new Harness({ alerts: { repeatMinutes: 60 } });
    h.sample('gamma', HOT);
    tickFor(h, 10 * SECOND);
    const firing = h.ofKind('firing');
    expect(firing).toHaveLength(1);
    expect(firing[0]?.actionable).toBe(true);
    expect(alertMessage(firing[0]!).buttons.flat().map((b) => [b.label, commandLineOf(b.id)])).toEqual([
      ['Acknowledge', `ack ${firing[0]?.alertIds[0]}`],
      ['Snooze 1 h', `snooze ${firing[0]?.alertIds[0]} 1h`],
      ['Snooze 8 h', `snooze ${firing[0]?.alertIds[0]} 8h`],
    ]);
    tickFor(h, 2 * HOUR + 30 * MINUTE);
    const reminders = h.ofKind('reminder');
    expect(reminders.map((n) => n.createdAt - (firing[0]?.createdAt ?? 0))).toEqual([HOUR, 2 * HOUR]);
    expect(reminders[0]?.text).toBe('🟠 Reminder: gamma: chip 71.0 °C (warning ≥ 70 °C), firing for 1 h');

    const acked = h.engine.acknowledge(firing[0]?.alertIds[0] ?? '', 'owner');
    expect(acked.map((a) => a.acknowledgedBy)).toEqual(['owner']);
    tickFor(h, 3 * HOUR);
    expect(h.ofKind('reminder')).toHaveLength(2);

    h.sample('gamma', COOL);
    tickFor(h, 10 * SECOND);
    expect(h.ofKind('resolved').map((n) => n.text)).toEqual(['🟢 gamma: chip temperature back to 60.0 °C after 5 h 30 min']);
  });

  it('snooze hides reminders until it ends, then they resume', () => {
    const h = new Harness({ alerts: { repeatMinutes: 60 } });
    h.sample('gamma', HOT);
    tickFor(h, 10 * SECOND);
    const firedAt = h.sent[0]?.createdAt ?? 0;
    const snoozed = h.engine.snooze(h.sent[0]?.alertIds[0] ?? '', 90 * MINUTE, 'owner');
    expect(snoozed[0]?.snoozedUntil).toBe(firedAt + 90 * MINUTE);
    tickFor(h, 3 * HOUR);
    expect(h.ofKind('reminder').map((n) => n.createdAt - firedAt)).toEqual([90 * MINUTE, 150 * MINUTE]);
  });

  it('sends no reminders when repeatMinutes is 0, nor for acknowledged ids it does not know', () => {
    const h = new Harness({ alerts: { repeatMinutes: 0 } });
    h.sample('gamma', HOT);
    tickFor(h, 3 * HOUR);
    expect(h.sent.map((n) => n.kind)).toEqual(['firing']);
    expect(h.engine.acknowledge('nope', 'owner')).toEqual([]);
  });
});

describe('grouping', () => {
  it('puts three miners firing within the window in one message and a fourth outside it in another', () => {
    const h = new Harness();
    h.sample('alpha', HOT);
    h.wait(3 * SECOND);
    h.sample('beta', HOT);
    h.wait(5 * SECOND);
    h.sample('gamma', { chipTempC: 76 });
    h.wait(SECOND);
    expect(h.sent).toEqual([]);
    h.wait(SECOND);
    expect(h.sent).toHaveLength(1);
    h.wait(5 * SECOND);
    h.sample('delta', HOT);
    tickFor(h, 10 * SECOND);

    expect(h.sent.map((n) => n.miners)).toEqual([['alpha', 'beta', 'gamma'], ['delta']]);
    const group = h.sent[0];
    expect(group?.severity).toBe('critical');
    expect(group?.text).toBe(
      '🔴 chip temperature on 3 miners\n' +
        '• alpha: chip 71.0 °C (warning ≥ 70 °C)\n' +
        '• beta: chip 71.0 °C (warning ≥ 70 °C)\n' +
        '• gamma: chip 76.0 °C (critical ≥ 75 °C)',
    );
    const ackLine = commandLineOf(alertMessage(group!).buttons[0]?.[0]?.id ?? '') ?? '';
    expect(ackLine.replace(/^ack /, '').split('+')).toEqual(group?.alertIds);
    expect(h.engine.acknowledge(ackLine.replace(/^ack /, ''), 'owner')).toHaveLength(3);

    for (const miner of ['alpha', 'beta', 'gamma', 'delta']) h.sample(miner, COOL);
    tickFor(h, 10 * SECOND);
    expect(h.ofKind('resolved').map((n) => n.miners)).toEqual([['alpha', 'beta', 'delta', 'gamma']]);
    expect(h.ofKind('resolved')[0]?.text.split('\n')[0]).toBe('🟢 chip temperature resolved on 4 miners');
  });

  it('sends nothing for an alert that fires and clears within its group window', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 75.5 });
    h.wait(5 * SECOND);
    h.sample('gamma', { chipTempC: 60 });
    tickFor(h, MINUTE);
    expect(h.sent).toEqual([]);
    expect(h.engine.firing()).toEqual([]);
  });

  it('sends at once with a group window of 0', () => {
    const h = new Harness({ alerts: { groupWindowSeconds: 0 } });
    h.sample('gamma', HOT);
    expect(h.sent).toHaveLength(1);
  });
});

describe('mutes', () => {
  it('a mute silences firing until it expires by itself; what still fires is announced then', () => {
    const h = new Harness();
    const mute = h.engine.mute('gamma', h.clock.now() + 30 * MINUTE, 'owner');
    expect(h.engine.activeMutes()).toEqual([mute]);
    h.wait(5 * MINUTE);
    h.sample('gamma', HOT);
    h.sample('beta', HOT);
    tickFor(h, MINUTE);
    expect(h.sent.map((n) => n.miners)).toEqual([['beta']]);
    expect(h.engine.firing().map((a) => [a.miner, a.announced])).toEqual([
      ['gamma', false],
      ['beta', true],
    ]);
    tickFor(h, 24 * MINUTE);
    expect(h.sent).toHaveLength(1);
    tickFor(h, 11 * SECOND);
    expect(h.engine.activeMutes()).toEqual([]);
    expect(h.sent.map((n) => `${n.kind}:${n.miners.join()}`)).toEqual(['firing:beta', 'firing:gamma']);
  });

  it('an alert that fires and ends during the mute is never mentioned', () => {
    const h = new Harness();
    h.engine.mute('all', h.clock.now() + HOUR, 'owner');
    h.sample('gamma', HOT);
    tickFor(h, MINUTE);
    h.sample('gamma', COOL);
    tickFor(h, 2 * HOUR);
    expect(h.sent).toEqual([]);
  });

  it('an alert announced before the mute still resolves, silently', () => {
    const h = new Harness();
    h.sample('gamma', HOT);
    tickFor(h, 15 * SECOND);
    h.engine.mute('GAMMA', h.clock.now() + 2 * HOUR, 'owner');
    tickFor(h, 90 * MINUTE);
    expect(h.ofKind('reminder')).toEqual([]);
    h.sample('gamma', COOL);
    tickFor(h, 15 * SECOND);
    expect(h.sent.map((n) => [n.kind, n.silent])).toEqual([
      ['firing', false],
      ['resolved', true],
    ]);
  });

  it('unmute ends the mute at once', () => {
    const h = new Harness();
    h.engine.mute('gamma', h.clock.now() + HOUR, 'owner');
    h.sample('gamma', HOT);
    tickFor(h, MINUTE);
    expect(h.engine.unmute('all', 'owner')).toHaveLength(1);
    tickFor(h, 15 * SECOND);
    expect(h.sent.map((n) => n.miners)).toEqual([['gamma']]);
  });
});

describe('quiet hours', () => {
  // 22:00–07:00 in Berlin (UTC+1 in January): crosses midnight, in the configured zone, not UTC.
  const quiet = { alerts: { quietHours: { from: '22:00', to: '07:00' } }, timezone: 'Europe/Berlin' };

  it('sends warnings silently and critical alerts loud inside the window, both loud outside it', () => {
    const h = new Harness({ ...quiet, start: Date.UTC(2026, 0, 10, 22, 30) });
    h.sample('warm', { vrTempC: 91 });
    h.sample('hot', { chipTempC: 76 });
    tickFor(h, 15 * SECOND);
    expect(h.sent.map((n) => [n.rule, n.severity, n.silent]).sort()).toEqual([
      ['chipTemp', 'critical', false],
      ['vrTemp', 'warning', true],
    ]);
    h.clock.set(Date.UTC(2026, 0, 11, 5, 59));
    h.sample('warm', COOL);
    tickFor(h, 15 * SECOND);
    expect(h.ofKind('resolved').map((n) => n.silent)).toEqual([true]);
    h.clock.set(Date.UTC(2026, 0, 11, 6, 0));
    h.sample('other', HOT);
    tickFor(h, 15 * SECOND);
    expect(h.sent.at(-1)?.silent).toBe(false);
  });
});
