import { VirtualClock } from '../../../src/core/clock.js';
import type { ModelId } from '../../../src/axeos/models.js';
import { SimulatedMiner, type SimResponse } from '../../../src/sim/device.js';
import type { FirmwareId } from '../../../src/sim/profiles.js';

export function makeMiner(options: { model?: ModelId; seed?: number; firmware?: FirmwareId; ambientC?: number } = {}): {
  clock: VirtualClock;
  miner: SimulatedMiner;
} {
  const clock = new VirtualClock();
  const miner = new SimulatedMiner({
    model: options.model ?? 'gamma',
    seed: options.seed ?? 1,
    clock,
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
    ...(options.ambientC === undefined ? {} : { ambientC: options.ambientC }),
  });
  return { clock, miner };
}

export function answerOf(response: SimResponse): { status: number; contentType: string; body: string; delayMs?: number } {
  if (response.kind !== 'answer') throw new Error('the simulated miner gave no answer');
  return response;
}

export async function getJson(miner: SimulatedMiner, path: string): Promise<Record<string, unknown>> {
  const answer = answerOf(await miner.handle({ method: 'GET', path }));
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

export function getInfo(miner: SimulatedMiner): Promise<Record<string, unknown>> {
  return getJson(miner, '/api/system/info');
}

export async function patch(miner: SimulatedMiner, body: Record<string, unknown> | string): Promise<{ status: number; body: string }> {
  const answer = answerOf(await miner.handle({
    method: 'PATCH',
    path: '/api/system',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }));
  return { status: answer.status, body: answer.body };
}

export async function post(miner: SimulatedMiner, path: string): Promise<SimResponse> {
  return miner.handle({ method: 'POST', path });
}

/** Mean of a reading over `samples` polls `everyMs` apart: the noise averages out, the physics does not. */
export async function averageInfo(
  clock: VirtualClock,
  miner: SimulatedMiner,
  key: string,
  options: { samples?: number; everyMs?: number } = {},
): Promise<number> {
  const samples = options.samples ?? 30;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    await clock.advance(options.everyMs ?? 10_000);
    sum += Number((await getInfo(miner))[key]);
  }
  return sum / samples;
}

export const MINUTE = 60_000;
