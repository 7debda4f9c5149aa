import { describe, expect, it } from 'vitest';
import { Harness, MINUTE, SECOND } from './harness.js';

describe('new best difficulty', () => {
  it('only records the best on first sight, then announces each new record once', () => {
    const h = new Harness({ alerts: { repeatMinutes: 1 } });
    h.poll(MINUTE, { gamma: { bestDiff: 4.29e9 } });
    expect(h.sent).toEqual([]);
    h.poll(MINUTE, { gamma: { bestDiff: 5.1e9 } });
    h.poll(MINUTE, { gamma: { bestDiff: 5.1e9 } });
    h.poll(MINUTE, { gamma: { bestDiff: 6.02e10 } });
    expect(h.sent.map((n) => [n.kind, n.severity, n.text, n.actionable])).toEqual([
      ['news', 'info', '🎉 gamma: new best difficulty 5.10G (previous best 4.29G)', false],
      ['news', 'info', '🎉 gamma: new best difficulty 60.20G (previous best 5.10G)', false],
    ]);
    expect(h.engine.firing()).toEqual([]);
  });

  it('is not fooled by a lower value (a reset device) and remembers the record across a restart', () => {
    const h = new Harness();
    h.poll(MINUTE, { gamma: { bestDiff: 4.29e9 } });
    const engine = h.restart();
    h.poll(MINUTE, { gamma: { bestDiff: 1e6 } }, 5 * SECOND, engine);
    h.poll(MINUTE, { gamma: { bestDiff: 4e9 } }, 5 * SECOND, engine);
    expect(h.sent).toEqual([]);
    h.poll(MINUTE, { gamma: { bestDiff: 4.3e9 } }, 5 * SECOND, engine);
    expect(h.sent.map((n) => n.text)).toEqual(['🎉 gamma: new best difficulty 4.30G (previous best 4.29G)']);
  });

  it('is news even for a muted miner, and silent in quiet hours', () => {
    const h = new Harness({ alerts: { quietHours: { from: '00:00', to: '23:59' } } });
    h.engine.mute('all', h.clock.now() + 60 * MINUTE, 'owner');
    h.poll(MINUTE, { gamma: { bestDiff: 1e9 } });
    h.poll(MINUTE, { gamma: { bestDiff: 2e9 } });
    expect(h.sent.map((n) => [n.kind, n.silent])).toEqual([['news', true]]);
  });
});

describe('block found', () => {
  const network = 1.2e14;

  it('announces a rise of the block counter once, loud even in quiet hours, with a celebration', () => {
    const h = new Harness({ alerts: { quietHours: { from: '00:00', to: '23:59' } } });
    h.poll(MINUTE, { gamma: { blocksFound: 0 } });
    h.poll(MINUTE, { gamma: { blocksFound: 1, bestSessionDiff: 1.3e14, networkDifficulty: network } });
    h.poll(30 * MINUTE, { gamma: { blocksFound: 1, bestSessionDiff: 1.3e14, networkDifficulty: network } });
    const blocks = h.sent.filter((n) => n.rule === 'blockFound');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'news', severity: 'critical', silent: false, miners: ['gamma'] });
    expect(blocks[0]?.text).toBe('🎉 gamma: FOUND A BLOCK! 🎉 Best share 130T vs network 120T');
  });

  it('announces a session best at or above the network difficulty on firmware without a counter', () => {
    const h = new Harness();
    h.poll(MINUTE, { gamma: { blocksFound: null, bestSessionDiff: 9e12, networkDifficulty: network } });
    h.poll(MINUTE, { gamma: { blocksFound: null, bestSessionDiff: 1.25e14, networkDifficulty: network } });
    h.poll(MINUTE, { gamma: { blocksFound: null, bestSessionDiff: 1.25e14, networkDifficulty: network } });
    expect(h.sent.filter((n) => n.rule === 'blockFound')).toHaveLength(1);
  });

  it('counts the two signals of one block once, and does not celebrate on first sight', () => {
    const h = new Harness();
    h.poll(MINUTE, { gamma: { blocksFound: 3, bestSessionDiff: 1.3e14, networkDifficulty: network } });
    expect(h.sent).toEqual([]);
    const other = new Harness();
    other.poll(MINUTE, { gamma: { blocksFound: 0, bestSessionDiff: 1e9, networkDifficulty: network } });
    other.poll(5 * SECOND, { gamma: { blocksFound: 0, bestSessionDiff: 1.3e14, networkDifficulty: network } });
    other.poll(MINUTE, { gamma: { blocksFound: 1, bestSessionDiff: 1.3e14, networkDifficulty: network } });
    expect(other.sent.filter((n) => n.rule === 'blockFound')).toHaveLength(1);
  });
});
