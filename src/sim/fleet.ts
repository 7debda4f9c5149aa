import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { MODELS, modelById, type ModelId } from '../axeos/models.js';
import { SimulatedMiner } from './device.js';
import type { FirmwareId } from './profiles.js';
import { startSimServer, type SimServer } from './server.js';

export interface SimFleetMiner {
  device: SimulatedMiner;
  url: string;
  port: number;
  /** `sim-gamma-1`, `sim-supra-1` … (or the names asked for): also the device's hostname. */
  name: string;
}

export interface SimFleet {
  miners: SimFleetMiner[];
  close(): Promise<void>;
}

/** A mix of firmware a real small fleet has: not everyone updates. */
export const DEFAULT_FIRMWARE: Readonly<Record<ModelId, FirmwareId>> = {
  max: '2.10',
  ultra: '2.15',
  hex: '2.12',
  supra: '2.10',
  suprahex: '2.15',
  gamma: '2.12',
  gammaduo: '2.15',
  gammagt: '2.15',
  'nerdqaxe++': 'nerdqaxe',
};

/**
 * One simulated device per port on 127.0.0.1: `basePort`, `basePort + 1` … (or any free ports when `basePort` is 0).
 * `firmware` overrides the mix for the ESP-Miner boards; the NerdQAxe always runs its own firmware.
 */
export async function startSimFleet(options: {
  models: ModelId[];
  clock: Clock;
  basePort?: number;
  seed?: number;
  firmware?: FirmwareId;
  host?: string;
  /** One name per model, e.g. the demo's `gamma`, `supra`, `ultra`; `sim-<model>-<n>` otherwise. */
  names?: string[];
}): Promise<SimFleet> {
  const basePort = options.basePort ?? 0;
  const seed = options.seed ?? 1;
  const perModel = new Map<ModelId, number>();
  const servers: SimServer[] = [];
  const miners: SimFleetMiner[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    for (const [index, modelId] of options.models.entries()) {
      const count = (perModel.get(modelId) ?? 0) + 1;
      perModel.set(modelId, count);
      const name = options.names?.[index] ?? `sim-${slug(modelId)}-${count}`;
      const device = new SimulatedMiner({
        model: modelId,
        seed: seed * 1000 + index + 1,
        clock: options.clock,
        firmware: firmwareFor(modelId, options.firmware),
        hostname: name,
      });
      const server = await startSimServer({
        device,
        port: basePort === 0 ? 0 : basePort + index,
        ...(options.host === undefined ? {} : { host: options.host }),
      });
      servers.push(server);
      miners.push({ device, url: server.url, port: server.port, name });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { miners, close };
}

function firmwareFor(modelId: ModelId, requested: FirmwareId | undefined): FirmwareId {
  if (modelId === 'nerdqaxe++') return 'nerdqaxe';
  if (requested === undefined || requested === 'nerdqaxe') return DEFAULT_FIRMWARE[modelId];
  return requested;
}

function slug(modelId: ModelId): string {
  return modelId.replace(/[^a-z0-9]/g, '');
}

/** "gamma,supra,ultra" → model ids; names as the model table knows them ("nerdqaxe" for the NerdQAxe++ too). */
export function parseModelList(text: string): ModelId[] {
  const names = text.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new UserError('no miner models given (e.g. "gamma,supra,ultra")');
  return names.map((name) => {
    const model = modelById(name) ?? (name.toLowerCase() === 'nerdqaxe' ? modelById('nerdqaxe++') : undefined);
    if (!model) {
      throw new UserError(`unknown miner model "${name}" (known: ${MODELS.map((m) => m.id).join(', ')})`);
    }
    return model.id;
  });
}
