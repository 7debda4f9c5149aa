import { commandButton } from '../../../src/messaging/button-id.js';
import { describe, expect, it } from 'vitest';
import { alertButtons, durationWord } from '../../../src/alerts/delivery/alert-buttons.js';
import { alertMessage } from '../../../src/alerts/delivery/alert-message.js';
import { decodeMessage, encodeMessage, mergeMessages } from '../../../src/messaging/message-codec.js';
import { Harness, SECOND } from './harness.js';

describe('an alert as a chat message', () => {
  it('carries Acknowledge and Snooze buttons as command lines that survive a restart', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 76 });
    h.wait(10 * SECOND);
    const [firing] = h.sent;
    if (!firing) throw new Error('no alert fired');
    const id = firing.alertIds[0] ?? '';
    expect(alertMessage(firing)).toEqual({
      blocks: [{ kind: 'text', text: '🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)', style: 'plain' }],
      buttons: [[
        { label: 'Acknowledge', id: `c:ack ${id}`, intent: 'success' },
        { label: 'Snooze 1 h', id: `c:snooze ${id} 1h` },
        { label: 'Snooze 8 h', id: `c:snooze ${id} 8h` },
      ]],
      // For channels without a chat window: a subject line, a priority and the facts of the alert.
      title: '🔴 gamma: chip 76.0 °C (critical ≥ 75 °C)',
      severity: 'critical',
      fields: expect.objectContaining({ rule: 'chipTemp', kind: 'firing', miners: '["gamma"]', alertIds: id }) as unknown,
    });
  });

  it('names a group too large for a 64-byte button by its notification id', () => {
    const h = new Harness();
    for (const miner of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) h.sample(miner, { chipTempC: 76 });
    h.wait(10 * SECOND);
    const [grouped] = h.sent;
    if (!grouped) throw new Error('no alert fired');
    expect(grouped.alertIds).toHaveLength(6);
    const ids = alertMessage(grouped).buttons.flat().map((b) => b.id);
    expect(ids).toEqual([`c:ack ${grouped.id}`, `c:snooze ${grouped.id} 1h`, `c:snooze ${grouped.id} 8h`]);
    for (const id of ids) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
  });

  it('builds Acknowledge and Snooze in one place, for one alert or a group, with the label /alerts gives each miner', () => {
    expect(alertButtons(['a1', 'a2'])).toEqual([
      { label: 'Acknowledge', line: 'ack a1+a2', intent: 'success' },
      { label: 'Snooze 1 h', line: 'snooze a1+a2 1h' },
      { label: 'Snooze 8 h', line: 'snooze a1+a2 8h' },
    ]);
    expect(alertButtons('a1', 'Ack gamma')[0]).toEqual({ label: 'Ack gamma', line: 'ack a1', intent: 'success' });
  });

  it('has no buttons for a resolution or for news', () => {
    const h = new Harness();
    h.sample('gamma', { chipTempC: 76 });
    h.wait(10 * SECOND);
    h.sample('gamma', { chipTempC: 60 });
    h.wait(10 * SECOND);
    expect(h.sent.map((n) => [n.kind, alertMessage(n).buttons.length])).toEqual([['firing', 1], ['resolved', 0]]);
  });

  it('refuses a command line over 50 bytes (its signature takes 12 of Telegram\'s 64) and writes snooze durations as /snooze reads them', () => {
    expect(commandButton('x', 'a'.repeat(50))).not.toBeNull();
    expect(commandButton('x', 'a'.repeat(51))).toBeNull();
    expect([3_600_000, 8 * 3_600_000, 30 * 60_000, 2 * 86_400_000].map(durationWord)).toEqual(['1h', '8h', '30m', '2d']);
  });

  it('survives the outbox: text and images round-trip through the payload column', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const message = {
      blocks: [
        { kind: 'text' as const, text: 'Daily digest', style: 'title' as const },
        { kind: 'image' as const, png, filename: 'fleet.png', caption: 'Fleet hashrate' },
      ],
      buttons: [[{ label: 'Acknowledge', id: 'c:ack a1' }]],
    };
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
  });

  it('merges waiting messages in order and keeps buttons only while one of their alerts is still open', () => {
    const ack = [[{ label: 'Acknowledge', id: 'c:ack a1+a2' }]];
    const part = (kind: string, alertIds: string[], text: string, buttons = ack) => ({
      kind, alertIds, message: { blocks: [{ kind: 'text' as const, text, style: 'plain' as const }], buttons },
    });
    const firing = part('firing', ['a1', 'a2'], 'fired a1 a2');
    expect(mergeMessages([firing, part('resolved', ['a1'], 'resolved a1', [])])).toEqual({
      blocks: [firing.message.blocks[0], { kind: 'text', text: 'resolved a1', style: 'plain' }],
      buttons: ack,
    });
    expect(mergeMessages([firing, part('resolved', ['a1', 'a2'], 'resolved both', [])]).buttons).toEqual([]);
  });
});
