import { describe, expect, it } from 'vitest';
import { CONTENT_LIMIT, renderReply } from '../../../src/chat/discord/render.js';
import { mono, text, title } from '../../../src/chat/reply.js';

const fenceCount = (content: string): number => content.split('```').length - 1;

describe('renderReply', () => {
  it('writes titles bold, tables in a code block, and escapes markdown in plain text', () => {
    const [message] = renderReply({ blocks: [title('Fleet *status*'), text('gamma_1 is @everyone **hot**'), mono('name  GH/s\ngamma 1200')], buttons: [] });
    expect(message?.content).toBe('**Fleet \\*status\\***\n\ngamma\\_1 is @everyone \\*\\*hot\\*\\*\n\n```\nname  GH/s\ngamma 1200\n```');
  });

  it('keeps a table from closing its own code block', () => {
    const [message] = renderReply({ blocks: [mono('a ``` b')], buttons: [] });
    expect(fenceCount(message?.content ?? '')).toBe(2);
  });

  it('splits long text on line boundaries into messages of at most 2000 characters, fences balanced in each', () => {
    const table = Array.from({ length: 120 }, (_, i) => `miner-${i}`.padEnd(40, '.')).join('\n');
    const messages = renderReply({ blocks: [text('intro'), mono(table)], buttons: [] });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.content.length).toBeLessThanOrEqual(CONTENT_LIMIT);
      expect(fenceCount(message.content) % 2).toBe(0);
    }
    const lines = messages.flatMap((m) => m.content.split('\n')).filter((l) => l.startsWith('miner-'));
    expect(lines).toHaveLength(120);
  });

  it('cuts a single line longer than a message', () => {
    const messages = renderReply({ blocks: [text('x'.repeat(5000))], buttons: [] });
    expect(messages.map((m) => m.content.length).reduce((a, b) => a + b)).toBe(5000);
    for (const message of messages) expect(message.content.length).toBeLessThanOrEqual(CONTENT_LIMIT);
  });

  it('puts images and buttons on the last message, wrapping rows of more than five buttons', () => {
    const png = Buffer.from('png');
    const buttons = [Array.from({ length: 7 }, (_, i) => ({ label: `${i}h`, id: `e:chart fleet ${i}h` }))];
    const messages = renderReply({ blocks: [{ kind: 'image', png, filename: 'chart.png', caption: 'Fleet' }], buttons });
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.content).toBe('Fleet');
    expect(message?.files.map((f) => f.name)).toEqual(['chart.png']);
    expect(message?.components.map((row) => row.components.length)).toEqual([5, 2]);
    expect(message?.components[0]?.toJSON().components[0]).toMatchObject({ custom_id: 'e:chart fleet 0h', label: '0h' });
  });
});
