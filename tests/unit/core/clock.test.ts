import { describe, expect, it } from 'vitest';
import { isAbortError, RealClock, VirtualClock } from '../../../src/core/clock.js';
import { TypedEventBus } from '../../../src/core/events.js';
import { redactSecrets } from '../../../src/core/redact.js';

describe('VirtualClock', () => {
  it('wakes sleepers in order and lets loops reschedule themselves', async () => {
    const clock = new VirtualClock(0);
    const ticks: number[] = [];
    const abort = new AbortController();
    const loop = (async () => {
      while (!abort.signal.aborted) {
        await clock.sleep(5000, abort.signal);
        ticks.push(clock.now());
      }
    })().catch((error: unknown) => {
      if (!isAbortError(error)) throw error;
    });
    await clock.advance(3_600_000);
    expect(ticks).toHaveLength(720);
    expect(ticks[0]).toBe(5000);
    expect(ticks.at(-1)).toBe(3_600_000);
    abort.abort();
    await loop;
    expect(clock.pendingSleeps).toBe(0);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new VirtualClock(0);
    const abort = new AbortController();
    const sleeping = clock.sleep(1000, abort.signal);
    abort.abort();
    await expect(sleeping).rejects.toSatisfy(isAbortError);
  });

  it('the real clock sleeps and aborts', async () => {
    const clock = new RealClock();
    await clock.sleep(1);
    const abort = new AbortController();
    const sleeping = clock.sleep(60_000, abort.signal);
    abort.abort();
    await expect(sleeping).rejects.toSatisfy(isAbortError);
  });
});

describe('TypedEventBus', () => {
  it('keeps delivering when a listener throws, and reports the failure', async () => {
    const failures: string[] = [];
    const bus = new TypedEventBus<{ ping: number }>((event) => failures.push(event));
    const seen: number[] = [];
    bus.on('ping', () => {
      throw new Error('boom');
    });
    bus.on('ping', () => Promise.reject(new Error('async boom')));
    const off = bus.on('ping', (n) => {
      seen.push(n);
    });
    bus.emit('ping', 1);
    await Promise.resolve();
    off();
    bus.emit('ping', 2);
    await Promise.resolve();
    expect(seen).toEqual([1]);
    expect(failures).toEqual(['ping', 'ping', 'ping', 'ping']);
  });
});

describe('redactSecrets', () => {
  it('hides bot tokens and interaction tokens in URLs', () => {
    expect(redactSecrets('request to http://127.0.0.1:9/bot123456:AAbb-cc_dd/sendMessage failed')).toBe(
      'request to http://127.0.0.1:9/bot123456:[REDACTED]/sendMessage failed',
    );
    expect(redactSecrets('POST /interactions/1234/aW50ZXJhY3Rpb24.token/callback')).toBe('POST /interactions/1234/[REDACTED]/callback');
  });
});
