import { AMBIENT_RANGE_C } from './ambient.js';
import type { SimulatedMiner } from './device.js';
import type { FaultTiming } from './fault-schedule.js';
import { isSimFault, SIM_FAULTS } from './faults.js';

/**
 * The simulator's own control routes, next to the device's API on the same port: `GET /__sim/state` and
 * `POST /__sim/faults` with `{"fault": …, "delayMs"?, "startInMs"?, "durationMs"?, "untilRestart"?}`,
 * `{"ambientC": 35}`, `{"ambientSchedule": [{"at": "15:00", "ambientC": 35}, …]}` (or `null` to end it),
 * `{"clear": true}` or `{"clear": "<fault>"}`. They answer even while the device plays dead, so a test can always
 * clear what it injected.
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
  const { fault, delayMs, ambientC, ambientSchedule, clear, startInMs, durationMs, untilRestart } = command as Record<string, unknown>;
  if (fault === undefined && ambientC === undefined && ambientSchedule === undefined && clear === undefined) {
    return bad('expected "fault", "ambientC", "ambientSchedule" or "clear"');
  }
  if (fault !== undefined && !isSimFault(fault)) return bad(`unknown fault ${JSON.stringify(fault)} (known: ${SIM_FAULTS.join(', ')})`);
  if (delayMs !== undefined && !isDuration(delayMs)) return bad('"delayMs" must be a number ≥ 0');
  if (startInMs !== undefined && !isDuration(startInMs)) return bad('"startInMs" must be a number of ms ≥ 0');
  if (durationMs !== undefined && !isDuration(durationMs)) return bad('"durationMs" must be a number of ms ≥ 0');
  if (untilRestart !== undefined && typeof untilRestart !== 'boolean') return bad('"untilRestart" must be true or false');
  if (fault === undefined && (startInMs !== undefined || durationMs !== undefined || untilRestart !== undefined)) {
    return bad('"startInMs", "durationMs" and "untilRestart" time a "fault"; name one');
  }
  if (ambientC !== undefined && !(typeof ambientC === 'number' && ambientC > AMBIENT_RANGE_C[0] && ambientC < AMBIENT_RANGE_C[1])) {
    return bad('"ambientC" must be a number in °C');
  }
  if (ambientC !== undefined && ambientSchedule !== undefined) return bad('give "ambientC" or "ambientSchedule", not both');
  if (ambientSchedule !== undefined && ambientSchedule !== null && !Array.isArray(ambientSchedule)) {
    return bad('"ambientSchedule" must be a list like [{"at":"04:00","ambientC":18},{"at":"15:00","ambientC":35}] or null');
  }
  if (clear !== undefined && clear !== true && !isSimFault(clear)) return bad('"clear" must be true or a fault name');
  // The schedule first: a bad one changes nothing else.
  if (Array.isArray(ambientSchedule)) {
    try {
      device.setAmbientSchedule(ambientSchedule);
    } catch (error) {
      if (error instanceof RangeError) return bad(error.message);
      throw error;
    }
  } else if (ambientSchedule === null) {
    device.setAmbient(device.state().ambientC);
  }
  if (clear === true) device.clearFaults();
  else if (isSimFault(clear)) device.clearFault(clear);
  if (typeof ambientC === 'number') device.setAmbient(ambientC);
  if (isSimFault(fault)) {
    const timing: FaultTiming & { delayMs?: number } = {
      ...(typeof delayMs === 'number' ? { delayMs } : {}),
      ...(typeof startInMs === 'number' ? { startInMs } : {}),
      ...(typeof durationMs === 'number' ? { durationMs } : {}),
      ...(typeof untilRestart === 'boolean' ? { untilRestart } : {}),
    };
    device.injectFault(fault, timing);
  }
  return ok(device);
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function ok(device: SimulatedMiner): ControlAnswer {
  return { status: 200, body: JSON.stringify(device.state(), null, 2) };
}

function bad(error: string): ControlAnswer {
  return { status: 400, body: JSON.stringify({ error }) };
}
