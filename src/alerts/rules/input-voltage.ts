import { modelById } from '../../axeos/models.js';
import type { AlertRule } from '../types.js';
import { formatVolts } from '../units.js';

const WINDOW_5V: readonly [number, number] = [4.8, 5.5];
const WINDOW_12V: readonly [number, number] = [11.4, 12.6];

/** The model's window; for an unidentified board, the one its own reading is nearer to. */
function windowFor(model: string | null, volts: number): { window: readonly [number, number]; board: string } {
  const known = model === null ? undefined : modelById(model);
  if (known) return { window: known.inputWindowV, board: known.name };
  return volts < 8.5 ? { window: WINDOW_5V, board: '5 V board' } : { window: WINDOW_12V, board: '12 V board' };
}

/**
 * Input voltage outside the board's window for a minute: a weak supply or a thin cable. Undervoltage makes the
 * firmware report absurd hashrates (bitaxeorg/ESP-Miner#1445) and precedes brown-out resets.
 */
export const inputVoltageRule: AlertRule = {
  id: 'inputVoltage',
  title: 'input voltage',
  kind: 'state',
  triggers: ['sample'],
  forMs: () => 60_000,
  clearForMs: 60_000,
  evaluate(ctx) {
    const t = ctx.observations.latest;
    if (!t || t.inputVoltageV === null || t.inputVoltageV <= 0) return null;
    const volts = t.inputVoltageV;
    const { window, board } = windowFor(t.model, volts);
    const [low, high] = window;
    if (volts >= low && volts <= high) {
      return { active: false, severity: 'warning', summary: `input voltage back to ${formatVolts(volts)}`, value: volts };
    }
    return {
      active: true,
      severity: 'warning',
      summary: `input ${formatVolts(volts)}, outside ${low}–${high} V for a ${board}`,
      value: volts,
    };
  },
};
