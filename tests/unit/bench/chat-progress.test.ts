import { describe, expect, it } from 'vitest';
import { ChatProgress, EDIT_INTERVAL_MS } from '../../../src/bench/chat-progress.js';
import type { ProgressReporter } from '../../../src/bench/progress.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';

function recorder(failEdits = false): ProgressReporter<number> & { posts: string[]; edits: Array<[number, string]> } {
  const posts: string[] = [];
  const edits: Array<[number, string]> = [];
  return {
    posts, edits,
    start: (text) => {
      posts.push(text);
      return Promise.resolve(posts.length);
    },
    update: (handle, text) => {
      if (failEdits) return Promise.reject(new Error('message to edit not found'));
      edits.push([handle, text]);
      return Promise.resolve();
    },
  };
}

describe('the one progress message', () => {
  it('is posted once, edited at most every 15 s, and always edited with the final result', async () => {
    const clock = new VirtualClock();
    const reporter = recorder();
    const progress = new ChatProgress({ reporter, miner: 'gamma', clock, log: silentLogger() });
    const at = clock.now();
    progress.listener({ kind: 'started', miner: 'gamma', runId: 1, strategy: 'smart', objective: 'efficiency', at });
    const point = { frequencyMhz: 525, coreVoltageMv: 1130 };
    progress.listener({ kind: 'point-started', seq: 1, point, purpose: 'knee 525 MHz', best: null, etaMs: 300_000, at });
    clock.set(at + EDIT_INTERVAL_MS);
    progress.listener({ kind: 'point-started', seq: 2, point, purpose: 'knee 525 MHz', best: { point, efficiencyJth: 16.1, hashrateGhs: 1070 }, etaMs: 240_000, at });
    progress.listener({ kind: 'finished', state: 'done', chosen: null, deviceTimeMs: 330_000, at });
    await progress.settled();
    expect(reporter.posts).toEqual(['Benchmark of gamma (smart, efficiency) started.']);
    expect(reporter.edits.map(([handle]) => handle)).toEqual([1, 1]);
    expect(reporter.edits[0]?.[1]).toContain('point #2 525 MHz / 1130 mV');
    expect(reporter.edits[0]?.[1]).toContain('best so far: 525 MHz / 1130 mV · 16.10 J/TH');
    expect(reporter.edits[0]?.[1]).toContain('ETA: about 4 min');
    expect(reporter.edits[1]?.[1]).toContain('done after 5 min 30 s');
  });

  it('a failing edit is logged, never thrown into the run', async () => {
    const clock = new VirtualClock();
    const progress = new ChatProgress({ reporter: recorder(true), miner: 'gamma', clock, log: silentLogger() });
    progress.listener({ kind: 'started', miner: 'gamma', runId: 1, strategy: 'smart', objective: 'efficiency', at: 0 });
    expect(() => progress.listener({ kind: 'finished', state: 'done', chosen: null, deviceTimeMs: 1000, at: 0 })).not.toThrow();
    await expect(progress.settled()).resolves.toBeUndefined();
  });
});
