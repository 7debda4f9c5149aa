import type { AlertRule } from '../types.js';
import { formatDifficulty } from '../units.js';

/** A share at or above the network difficulty is a block, whatever the block counter says yet. */
function sessionBeatsNetwork(best: number | null, network: number | null): boolean {
  return best !== null && network !== null && network > 0 && best >= network;
}

/**
 * A block: the firmware's counter rose, or the session's best share reached the network difficulty (older firmware
 * has no counter). Either is seen once; the cooldown keeps the second signal of the same block quiet. Delivered
 * loud, as critical, because nobody wants to sleep through it.
 */
export const blockFoundRule: AlertRule = {
  id: 'blockFound',
  title: 'block found',
  kind: 'news',
  triggers: ['sample'],
  cooldownMs: 10 * 60_000,
  evaluate(ctx) {
    const { latest, previous, blocksFoundBefore } = ctx.observations;
    if (!latest) return null;
    const counterRose = blocksFoundBefore !== null && latest.blocksFound !== null && latest.blocksFound > blocksFoundBefore;
    const crossed =
      previous !== null &&
      sessionBeatsNetwork(latest.bestSessionDiff, latest.networkDifficulty) &&
      !sessionBeatsNetwork(previous.bestSessionDiff, previous.networkDifficulty);
    const share = latest.bestSessionDiff === null ? '' : ` Best share ${formatDifficulty(latest.bestSessionDiff)}`;
    const network = latest.networkDifficulty === null ? '' : ` vs network ${formatDifficulty(latest.networkDifficulty)}`;
    return {
      active: counterRose || crossed,
      severity: 'critical',
      summary: `FOUND A BLOCK! 🎉${share}${network}`,
    };
  },
};
