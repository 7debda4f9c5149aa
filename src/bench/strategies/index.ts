/** Every benchmark strategy, registered in one list; `smart` is the default. */
import { UserError } from '../../core/errors.js';
import { classicStrategy } from './classic.js';
import { smartStrategy } from './smart.js';
import type { BenchStrategy } from './strategy.js';

export const STRATEGIES: readonly BenchStrategy[] = [smartStrategy, classicStrategy];
export const DEFAULT_STRATEGY = 'smart';

export function strategyByName(name: string): BenchStrategy {
  const found = STRATEGIES.find((s) => s.name === name.trim().toLowerCase());
  if (!found) throw new UserError(`unknown benchmark strategy "${name}"; known: ${STRATEGIES.map((s) => s.name).join(', ')}`);
  return found;
}

export type { BenchStrategy, BenchDevice, StrategyContext, StrategyOutcome } from './strategy.js';
