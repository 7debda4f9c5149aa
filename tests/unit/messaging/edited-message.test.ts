import { describe, expect, it } from 'vitest';
import { progressText, type BenchProgress } from '../../../src/bench/progress.js';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { EDIT_INTERVAL_MS, EditedMessage } from '../../../src/messaging/edited-message.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import { FakeChatPlatform } from '../../fakes/chat-platform.js';

const target = { platform: 'fake', chatId: '7' };

function edited(platform: ChatPlatforms | FakeChatPlatform, clock: VirtualClock): EditedMessage {
  const editor = platform instanceof ChatPlatforms ? platform : new ChatPlatforms().register(platform);
  return new EditedMessage({ editor, target, clock, log: silentLogger() });
}

describe('a message edited in place (a benchmark progress)', () => {
  it('is posted once, edited at most every 15 s, and always edited with the final update', async () => {
    const clock = new VirtualClock();
    const fake = new FakeChatPlatform();
    const message = edited(fake, clock);
    const report = (event: BenchProgress) => message.update(progressText('gamma', event), { final: event.kind === 'finished' });
    const at = clock.now();
    report({ kind: 'started', miner: 'gamma', runId: 1, strategy: 'smart', objective: 'efficiency', at });
    const point = { frequencyMhz: 525, coreVoltageMv: 1130 };
    report({ kind: 'point-started', seq: 1, point, purpose: 'knee 525 MHz', best: null, etaMs: 300_000, at });
    clock.set(at + EDIT_INTERVAL_MS);
    report({ kind: 'point-started', seq: 2, point, purpose: 'knee 525 MHz', best: { point, efficiencyJth: 16.1, hashrateGhs: 1070 }, etaMs: 240_000, at });
    report({ kind: 'finished', state: 'done', chosen: null, deviceTimeMs: 330_000, at });
    await message.settled();
    expect(fake.texts()).toEqual(['Benchmark of gamma (smart, efficiency) started.']);
    expect(fake.edits.map((e) => e.id)).toEqual(['1', '1']);
    expect(fake.edits[0]?.text).toContain('point #2 525 MHz / 1130 mV');
    expect(fake.edits[0]?.text).toContain('best so far: 525 MHz / 1130 mV · 16.10 J/TH');
    expect(fake.edits[0]?.text).toContain('ETA: about 4 min');
    expect(fake.edits[1]?.text).toContain('done after 6 min');
  });

  it('sends the held-back update when flushed', async () => {
    const clock = new VirtualClock();
    const fake = new FakeChatPlatform();
    const message = edited(fake, clock);
    message.update('one');
    message.update('two');
    expect(fake.edits).toEqual([]);
    message.flush();
    await message.settled();
    expect(fake.edits).toEqual([{ id: '1', text: 'two' }]);
  });

  it('becomes new messages where the platform cannot edit', async () => {
    const clock = new VirtualClock();
    const fake = new FakeChatPlatform();
    const noEdits = { name: fake.name, enabled: true, send: fake.send.bind(fake) };
    const message = edited(new ChatPlatforms().register(noEdits), clock);
    message.update('one');
    message.update('two', { final: true });
    await message.settled();
    expect(fake.texts()).toEqual(['one', 'two']);
  });

  it('a failing edit is logged, never thrown at whoever reports', async () => {
    const clock = new VirtualClock();
    const fake = new FakeChatPlatform();
    fake.edit = () => Promise.reject(new Error('message to edit not found'));
    const message = edited(fake, clock);
    message.update('started');
    expect(() => message.update('finished', { final: true })).not.toThrow();
    await expect(message.settled()).resolves.toBeUndefined();
  });
});
