import { describe, expect, it } from 'vitest';
import { heldRefusal, LockBook } from '../../../src/control/locks.js';

const AT_14_02 = Date.UTC(2026, 10, 22, 14, 2);

describe('lock book', () => {
  it('holds one lock per miner and forgets it only when that same lock is dropped', () => {
    const book = new LockBook();
    const first = book.take('gamma', { kind: 'benchmark', id: 'bench:1' }, AT_14_02, null);
    expect(book.holder('gamma')).toBe(first);
    expect(book.holder('supra')).toBeUndefined();
    const second = book.take('gamma', { kind: 'autopilot', id: 'autopilot' }, AT_14_02, null);
    expect(second.token).not.toBe(first.token);
    book.drop(first);
    expect(book.holder('gamma')).toBe(second);
    expect(book.isCurrent(first)).toBe(false);
    book.drop(second);
    expect(book.holder('gamma')).toBeUndefined();
  });

  it('names the holder and since when, in the owner\'s zone', () => {
    const book = new LockBook();
    const bench = book.take('gamma', { kind: 'benchmark', id: 'bench:1' }, AT_14_02, null);
    expect(heldRefusal(bench, 'UTC')).toBe('gamma is being benchmarked (since 14:02); /bench stop first');
    expect(heldRefusal(bench, 'Europe/Berlin')).toContain('since 15:02');
    const tuning = book.take('supra', { kind: 'autopilot', id: 'autopilot' }, AT_14_02, null);
    expect(heldRefusal(tuning, 'UTC')).toContain('tuned by the autopilot (since 14:02)');
    tuning.restoring = true;
    expect(heldRefusal(tuning, 'UTC')).toContain('still putting back its settings');
    const person = book.take('ultra', { kind: 'user', id: 'telegram:1', name: 'owner' }, AT_14_02, null);
    expect(heldRefusal(person, 'UTC')).toBe('ultra is locked by owner (telegram:1) (since 14:02)');
  });
});
