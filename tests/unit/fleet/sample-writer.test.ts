import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { StoreError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Telemetry } from '../../../src/axeos/telemetry.js';
import { SampleWriter, type SampleRow } from '../../../src/fleet/sample-writer.js';

const row = (ts: number): SampleRow => ({ minerId: 1, telemetry: { ts } as Telemetry });

describe('SampleWriter', () => {
  it('keeps samples while the disk is full and writes them, in order, once it is not', async () => {
    const clock = new VirtualClock(0);
    const written: number[] = [];
    let diskFull = true;
    const writer = new SampleWriter({
      clock,
      log: silentLogger(),
      sink: {
        insertMany: (rows) => {
          if (diskFull) throw new StoreError('database or disk is full');
          written.push(...rows.map((r) => r.telemetry.ts));
        },
      },
    });
    const abort = new AbortController();
    writer.start(abort.signal);
    writer.add(row(1));
    await clock.advance(1000);
    writer.add(row(2));
    await clock.advance(1000);
    expect(written).toEqual([]);
    expect(writer.pending).toBe(2);
    diskFull = false;
    writer.add(row(3));
    await clock.advance(1000);
    expect(written).toEqual([1, 2, 3]);
    expect(writer.pending).toBe(0);
    abort.abort();
    await writer.stop();
  });

  it('bounds what it keeps in memory, dropping the oldest', () => {
    const writer = new SampleWriter({
      clock: new VirtualClock(0),
      log: silentLogger(),
      maxBuffered: 3,
      sink: { insertMany: () => { throw new StoreError('read-only'); } },
    });
    for (let ts = 1; ts <= 5; ts++) writer.add(row(ts));
    expect(writer.flush()).toBe(false);
    expect(writer.pending).toBe(3);
  });
});
