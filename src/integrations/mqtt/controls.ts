/**
 * Commands from Home Assistant (`<base>/<miner>/set/<control>`), carried out only through the settings guard as actor
 * `homeassistant`: audited, rate-bounded, checked against the device's own options. A refusal or failure comes back
 * to HA as an `event` with the reason, so an automation can react to it.
 */
import { errorMessage } from '../../core/errors.js';
import type { Actor } from '../../control/actor.js';
import type { SettingsGuard } from '../../control/guard.js';
import type { AutopilotControl } from './autopilot-port.js';

export const HOME_ASSISTANT: Actor = { kind: 'homeassistant', id: 'mqtt', name: 'Home Assistant' };

export type ControlGuard = Pick<SettingsGuard, 'apply' | 'restart' | 'pause' | 'resume'>;

export const CONTROL_NAMES = ['restart', 'mining', 'frequency', 'core_voltage', 'autopilot_mode'] as const;

export interface ControlOutcome {
  ok: boolean;
  /** Why not, in the guard's words. */
  reason?: string;
}

/** Carries out one command for the miner called `miner`; never throws. */
export async function runControl(input: {
  miner: string;
  control: string;
  payload: string;
  guard: ControlGuard;
  autopilot: AutopilotControl | null;
}): Promise<ControlOutcome> {
  const { miner, control, guard } = input;
  const payload = input.payload.trim();
  const reason = 'from Home Assistant';
  try {
    switch (control) {
      case 'restart':
        if (payload !== 'PRESS') return { ok: false, reason: `restart expects PRESS, got "${payload}"` };
        await guard.restart({ miner, actor: HOME_ASSISTANT });
        return { ok: true };
      case 'mining':
        if (payload === 'ON') await guard.resume({ miner, actor: HOME_ASSISTANT });
        else if (payload === 'OFF') await guard.pause({ miner, actor: HOME_ASSISTANT });
        else return { ok: false, reason: `mining expects ON or OFF, got "${payload}"` };
        return { ok: true };
      case 'frequency':
      case 'core_voltage': {
        const value = Number(payload);
        if (payload === '' || !Number.isFinite(value)) return { ok: false, reason: `${control} expects a number, got "${payload}"` };
        const settings = control === 'frequency' ? { frequencyMhz: value } : { coreVoltageMv: value };
        await guard.apply({ miner, settings, actor: HOME_ASSISTANT, reason });
        return { ok: true };
      }
      case 'autopilot_mode':
        if (!input.autopilot) return { ok: false, reason: 'the autopilot is not running in this axepilot' };
        if (!input.autopilot.modes.includes(payload)) return { ok: false, reason: `autopilot mode must be one of ${input.autopilot.modes.join(', ')}` };
        await input.autopilot.setMode(miner, payload, HOME_ASSISTANT);
        return { ok: true };
      default: {
        const limit = input.autopilot?.limits.find((l) => l.control === control);
        if (!limit || !input.autopilot) return { ok: false, reason: `no control called "${control}"` };
        const value = Number(payload);
        if (payload === '' || !Number.isFinite(value)) return { ok: false, reason: `${control} expects a number, got "${payload}"` };
        await input.autopilot.setLimit(miner, control, value, HOME_ASSISTANT);
        return { ok: true };
      }
    }
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}
