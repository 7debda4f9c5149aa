import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../../src/core/clock.js';
import { SerialQueue } from '../../../src/axeos/request-queue.js';

/** A task the test finishes by hand, so the order of events is explicit. */
function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('SerialQueue', () => {
  it('runs one task at a time, in order', async () => {
    const queue = new SerialQueue();
    const started: string[] = [];
    const first = gate<string>();
    const a = queue.run(() => (started.push('a'), first.promise));
    const b = queue.run(() => (started.push('b'), Promise.resolve('b')));
    await Promise.resolve();
    expect(started).toEqual(['a']);
    first.open('a');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(started).toEqual(['a', 'b']);
  });

  it('keeps going after a task fails', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(() => Promise.resolve(2));
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe(2);
  });

  it('drops a waiting task whose signal aborts, without running it', async () => {
    const queue = new SerialQueue();
    const first = gate<number>();
    const running = queue.run(() => first.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = queue.run(() => ((ran = true), Promise.resolve(1)), controller.signal);
    controller.abort();
    const error: unknown = await waiting.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    first.open(0);
    await running;
    expect(await queue.run(() => Promise.resolve('after'))).toBe('after');
    expect(ran).toBe(false);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const queue = new SerialQueue();
    const error: unknown = await queue.run(() => Promise.resolve(1), AbortSignal.abort()).catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });
});
