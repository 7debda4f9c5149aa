import { EmbedBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { stampedAlert } from '../../../src/chat/discord/stamp.js';
import type { PreparedReply } from '../../../src/chat/router.js';

const acked = (stamp: string | undefined): PreparedReply => ({
  blocks: [{ kind: 'text', text: 'Acknowledged by Ann: gamma fan failure.', style: 'plain' }], buttons: [], ...(stamp ? { stamp } : {}),
});
const embedMessage = (description: string) => ({ content: '<@&600000000000000006>', embeds: [new EmbedBuilder().setDescription(description).setColor(0xed4245).toJSON()] });

describe('an alert stamped on Discord', () => {
  it('puts the stamp under the embed, keeps its colour and the mention, takes the buttons, and hands the answer on as a notice', () => {
    const stamped = stampedAlert(embedMessage('🔴 gamma: fan stopped\n<t:1764676800:R>') as never, acked('✓ acknowledged by Ann 14:02'));
    expect(stamped?.edit.embeds[0]?.data).toMatchObject({ description: '🔴 gamma: fan stopped\n<t:1764676800:R>\n✓ acknowledged by Ann 14:02', color: 0xed4245 });
    expect(stamped?.edit.content).toBe('<@&600000000000000006>');
    expect(stamped?.edit.components).toEqual([]);
    expect(stamped?.notice).toBe('Acknowledged by Ann: gamma fan failure.');
  });

  it('stamps a message without embeds under its text, escaping a name that would be markdown', () => {
    const stamped = stampedAlert({ content: '🔴 gamma: fan stopped', embeds: [] }, acked('✓ acknowledged by *Ann* 14:02'));
    expect(stamped?.edit).toEqual({ content: '🔴 gamma: fan stopped\n✓ acknowledged by \\*Ann\\* 14:02', embeds: [], components: [] });
  });

  it('leaves the message alone when the reply has no stamp, or the stamp would not fit', () => {
    expect(stampedAlert(embedMessage('🔴 gamma') as never, acked(undefined))).toBeNull();
    expect(stampedAlert(embedMessage('x'.repeat(4090)) as never, acked('✓ acknowledged by Ann 14:02'))).toBeNull();
  });
});
