import type { SimulatedMiner } from './device.js';
import { isSimFault, SIM_FAULTS } from './faults.js';

/**
 * The simulator's own control routes, next to the device's API on the same port: `GET /__sim/state` and
 * `POST /__sim/faults` with `{"fault": …, "delayMs"?}`, `{"ambientC": 35}`, `{"clear": true}` or `{"clear": "<fault>"}`.
 * They answer even while the device plays dead, so a test can always clear what it injected.
 */
export interface ControlAnswer {
  status: number;
  body: string;
}

export function handleSimControl(device: SimulatedMiner, request: { method: string; path: string; body?: string }): ControlAnswer {
  const path = request.path.split('?')[0];
  if (request.method === 'GET' && path === '/__sim/state') return ok(device);
  if (request.method === 'POST' && path === '/__sim/faults') return applyControl(device, request.body ?? '');
  return { status: 404, body: JSON.stringify({ error: 'unknown sim route' }) };
}

function applyControl(device: SimulatedMiner, body: string): ControlAnswer {
  let command: unknown;
  try {
    command = JSON.parse(body);
  } catch (error) {
    return bad(`body is not JSON (${(error as Error).message})`);
  }
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return bad('body must be a JSON object');
  const { fault, delayMs, ambientC, clear } = command as Record<string, unknown>;
  if (fault === undefined && ambientC === undefined && clear === undefined) return bad('expected "fault", "ambientC" or "clear"');
  if (fault !== undefined && !isSimFault(fault)) return bad(`unknown fault ${JSON.stringify(fault)} (known: ${SIM_FAULTS.join(', ')})`);
  if (delayMs !== undefined && !(typeof delayMs === 'number' && delayMs >= 0)) return bad('"delayMs" must be a number ≥ 0');
  if (ambientC !== undefined && !(typeof ambientC === 'number' && ambientC > -40 && ambientC < 80)) return bad('"ambientC" must be a number in °C');
  if (clear !== undefined && clear !== true && !isSimFault(clear)) return bad('"clear" must be true or a fault name');
  if (clear === true) device.clearFaults();
  else if (isSimFault(clear)) device.clearFault(clear);
  if (typeof ambientC === 'number') device.setAmbient(ambientC);
  if (isSimFault(fault)) device.injectFault(fault, typeof delayMs === 'number' ? { delayMs } : {});
  return ok(device);
}

function ok(device: SimulatedMiner): ControlAnswer {
  return { status: 200, body: JSON.stringify(device.state(), null, 2) };
}

function bad(error: string): ControlAnswer {
  return { status: 400, body: JSON.stringify({ error }) };
}
