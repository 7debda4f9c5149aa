import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../../src/core/clock.js';
import { TransportFailure } from '../../../src/axeos/transport.js';
import { SimTransport } from '../../../src/sim/transport.js';
import { makeMiner } from './sim-helpers.js';

describe('SimTransport', () => {
  it('answers in-process like the HTTP surface', async () => {
    const { miner } = makeMiner();
    // The device's own clock is the default.
    const transport = new SimTransport({ device: miner });
    const response = await transport.request({ method: 'GET', path: '/api/system/info' });
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(JSON.parse(response.text)).toHaveProperty('ASICModel', 'BM1370');
    const patched = await transport.request({ method: 'PATCH', path: '/api/system', body: '{"temptarget":58}' });
    expect(patched.status).toBe(200);
    await transport.close();
    await expect(transport.request({ method: 'GET', path: '/api/system/info' })).rejects.toBeInstanceOf(TransportFailure);
  });

  it('turns no answer into a connection-refused TransportFailure', async () => {
    const { clock, miner } = makeMiner();
    miner.injectFault('offline');
    const transport = new SimTransport({ device: miner, clock });
    await expect(transport.request({ method: 'GET', path: '/api/system/info' })).rejects.toThrow(
      new TransportFailure('connection refused'),
    );
  });

  it('makes a slow device slow in virtual time, and times out on the virtual clock', async () => {
    const { clock, miner } = makeMiner();
    miner.injectFault('slow', { delayMs: 15_000 });
    const patient = new SimTransport({ device: miner, clock, timeoutMs: 20_000 });
    let settled = false;
    const answered = patient.request({ method: 'GET', path: '/api/system/info' }).finally(() => {
      settled = true;
    });
    await clock.advance(14_000);
    expect(settled).toBe(false);
    await clock.advance(1_000);
    expect((await answered).status).toBe(200);

    const impatient = new SimTransport({ device: miner, clock, timeoutMs: 5_000 });
    const timedOut = impatient.request({ method: 'GET', path: '/api/system/info' });
    const check = expect(timedOut).rejects.toThrow('timeout after 5000 ms');
    await clock.advance(5_000);
    await check;
  });

  it('stops waiting when the caller aborts', async () => {
    const { clock, miner } = makeMiner();
    miner.injectFault('slow');
    const transport = new SimTransport({ device: miner, clock });
    const controller = new AbortController();
    const pending = transport.request({ method: 'GET', path: '/api/system/info', signal: controller.signal });
    const check = pending.then(
      () => 'answered',
      (error: unknown) => (isAbortError(error) ? 'aborted' : 'other'),
    );
    await clock.advance(1000);
    controller.abort();
    expect(await check).toBe('aborted');
  });
});
