import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseModelList } from '../../../src/sim/fleet.js';

describe('parseModelList', () => {
  it('reads model names the way an owner types them', () => {
    expect(parseModelList('gamma,supra,ultra')).toEqual(['gamma', 'supra', 'ultra']);
    expect(parseModelList(' Gamma , nerdqaxe, NerdQAxe++ ,hex')).toEqual(['gamma', 'nerdqaxe++', 'nerdqaxe++', 'hex']);
  });

  it('names the unknown model and lists the known ones', () => {
    expect(() => parseModelList('gamma,antminer')).toThrow(UserError);
    expect(() => parseModelList('gamma,antminer')).toThrow(/unknown miner model "antminer" \(known: max, ultra, hex/);
    expect(() => parseModelList(' , ')).toThrow(UserError);
  });
});
