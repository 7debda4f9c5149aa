import { describe, expect, it } from 'vitest';
import { alertLookOf, EMBED_COLOURS, renderAlert, renderMessage } from '../../../src/chat/discord/embeds.js';
import { mono, text, title } from '../../../src/chat/reply.js';

const json = (embed: { toJSON(): unknown } | undefined): Record<string, unknown> => (embed?.toJSON() ?? {}) as Record<string, unknown>;

describe('Discord embeds', () => {
  it('shows a titled answer (status, a miner card, the digest) as an embed, its table in a code block', () => {
    const [message] = renderMessage({ blocks: [title('Fleet status'), mono('miner  GH/s\ngamma  1200'), text('Fleet: 1 of 1 online')], buttons: [] });
    expect(message?.content).toBe('');
    expect(json(message?.embeds?.[0])).toMatchObject({
      title: 'Fleet status', color: EMBED_COLOURS.neutral, description: '```\nminer  GH/s\ngamma  1200\n```\n\nFleet: 1 of 1 online',
    });
  });

  it('puts a benchmark\'s chart inside its embed, each titled section its own embed', () => {
    const png = Buffer.from('png');
    const [message] = renderMessage({
      blocks: [title('Benchmark of gamma: smart, efficiency, done'), mono('# MHz mV'), { kind: 'image', png, filename: 'bench-gamma-3.png', caption: 'Hashrate against J/TH' }, title('supra'), text('idle')],
      buttons: [[{ label: 'Apply eco', id: 'c:bench apply gamma eco' }]],
    });
    expect(message?.embeds).toHaveLength(2);
    expect(json(message?.embeds?.[0])).toMatchObject({ image: { url: 'attachment://bench-gamma-3.png' } });
    expect(message?.files.map((f) => f.name)).toEqual(['bench-gamma-3.png']);
    expect(message?.components).toHaveLength(1);
  });

  it('leaves an answer without a title, or too long for embeds, as message content', () => {
    expect(renderMessage({ blocks: [text('Nothing is firing.')], buttons: [] })[0]?.embeds ?? []).toEqual([]);
    const long = renderMessage({ blocks: [title('axepilot commands'), mono('x'.repeat(5000))], buttons: [] });
    expect(long[0]?.embeds ?? []).toEqual([]);
    expect(long.map((m) => m.content).join('')).toContain('axepilot commands');
  });

  it('reads an alert\'s kind from its severity, or from the mark it opens with', () => {
    expect(alertLookOf({ blocks: [text('🔴 gamma: offline')], buttons: [] })).toBe('critical');
    expect(alertLookOf({ blocks: [text('🟠 gamma: VR hot')], buttons: [] })).toBe('warning');
    expect(alertLookOf({ blocks: [text('🟢 gamma: back online after 5 min')], buttons: [] })).toBe('resolved');
    expect(alertLookOf({ blocks: [text('🎉 new best difficulty')], buttons: [] })).toBe('news');
    expect(alertLookOf({ blocks: [text('gamma: offline')], buttons: [], severity: 'critical' })).toBe('critical');
  });

  it('writes an alert\'s time as <t:unix:R>, which each reader sees in their own time zone', () => {
    const now = Date.UTC(2026, 11, 2, 14, 2);
    const [message] = renderAlert({ blocks: [text('🟠 gamma: VR 92 °C')], buttons: [] }, { now });
    expect(json(message?.embeds?.[0])).toMatchObject({ color: EMBED_COLOURS.warning, timestamp: new Date(now).toISOString() });
    expect(String(json(message?.embeds?.[0]).description)).toBe(`🟠 gamma: VR 92 °C\n<t:${now / 1000}:R>`);
  });

  it('takes the time and kind an alert message carries: one that waited in the outbox shows when it happened', () => {
    const happened = Date.UTC(2026, 11, 2, 13, 50);
    const [message] = renderAlert(
      { blocks: [text('gamma: back online')], buttons: [], severity: 'info', fields: { kind: 'resolved', createdAt: happened } },
      { now: happened + 600_000 },
    );
    expect(json(message?.embeds?.[0])).toMatchObject({ color: EMBED_COLOURS.resolved, timestamp: new Date(happened).toISOString() });
    expect(String(json(message?.embeds?.[0]).description)).toContain(`<t:${happened / 1000}:R>`);
  });
});
