import { describe, expect, it } from 'vitest';
import { parseBenchWords } from '../../../commands/bench.js';
import { UsageError } from '../../../src/chat/args.js';
import type { MinerView } from '../../../src/chat/services.js';

const view = (name: string): MinerView => ({
  name, host: `http://${name}.lan`, minerId: null, online: true, telemetry: null, lastGoodPollAt: null, lastError: '', asic: null,
});
const miners = [view('gamma'), view('supra')];

describe('/bench arguments', () => {
  it('reads a run with its mode, objective and strategy in any order, with defaults', () => {
    expect(parseBenchWords(['gamma'], miners)).toMatchObject({ kind: 'run', miner: { name: 'gamma' }, mode: 'quick', objective: 'efficiency', strategy: 'smart' });
    expect(parseBenchWords(['supra', 'hashrate', 'full'], miners)).toMatchObject({ kind: 'run', miner: { name: 'supra' }, mode: 'full', objective: 'hashrate' });
    expect(parseBenchWords(['gamma', 'balanced', 'classic'], miners)).toMatchObject({ objective: 'balanced', strategy: 'classic' });
    expect(() => parseBenchWords(['gamma', 'turbo'], miners)).toThrow(UsageError);
    expect(() => parseBenchWords([], miners)).toThrow('which miner?');
  });

  it('reads stop, results and apply', () => {
    expect(parseBenchWords(['stop'], miners)).toEqual({ kind: 'stop', miner: null });
    expect(parseBenchWords(['stop', 'gamma'], miners)).toMatchObject({ kind: 'stop', miner: { name: 'gamma' } });
    expect(parseBenchWords(['results', 'supra'], miners)).toMatchObject({ kind: 'results', miner: { name: 'supra' } });
    expect(parseBenchWords(['apply', 'gamma', 'eco'], miners)).toMatchObject({ kind: 'apply', profile: 'eco' });
    expect(parseBenchWords(['apply', 'gamma', 'hashrate'], miners)).toMatchObject({ kind: 'apply', profile: 'max' });
    expect(() => parseBenchWords(['apply', 'gamma', 'turbo'], miners)).toThrow('not a profile');
    expect(() => parseBenchWords(['results'], miners)).toThrow(UsageError);
  });
});
