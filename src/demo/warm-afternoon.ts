import { isAbortError, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { SimulatedMiner } from '../sim/device.js';

export interface WarmAfternoonOptions {
  clock: Clock;
  log: Logger;
  miner: { name: string; device: SimulatedMiner };
  /** After start, when the room warms up (the default lets the newcomer look around first). */
  warmAfterMs?: number;
  /** After start, when it cools down again. */
  coolAfterMs?: number;
  /** How warm: 48 °C at full fan holds a Bitaxe's chip just above the 70 °C warning line, below the 75 °C trip. */
  warmAmbientC?: number;
  /** The room's temperature to go back to. */
  normalAmbientC: (ms: number) => number;
  /** Tells the newcomer what is staged (the console prints it), so a demo alert is never mistaken for a real one. */
  say: (text: string) => void;
}

export const WARM_AFTER_MS = 20_000;
export const COOL_AFTER_MS = 4 * 60_000;
export const WARM_AMBIENT_C = 48;

/**
 * Something happens within the demo's first minutes: the cupboard one miner sits in warms up, its fan runs out of
 * headroom, the chip passes the warning line and the alert fires; the cupboard cools and the alert resolves. All of
 * it is the simulator's physics reacting to its ambient temperature; nothing is faked past that one number.
 */
export class WarmAfternoon implements Service {
  readonly name = 'demo: warm afternoon';
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: WarmAfternoonOptions) {}

  start(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal).catch((error: unknown) => {
      if (!isAbortError(error)) this.options.log.error({ err: errorMessage(error) }, 'demo script failed');
    });
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock, miner } = this.options;
    const warmAfter = this.options.warmAfterMs ?? WARM_AFTER_MS;
    const coolAfter = Math.max(warmAfter, this.options.coolAfterMs ?? COOL_AFTER_MS);
    const warm = this.options.warmAmbientC ?? WARM_AMBIENT_C;
    const startedAt = clock.now();
    await until(clock, startedAt + warmAfter, signal);
    miner.device.setAmbient(warm);
    this.options.say(`demo: the cupboard ${miner.name} stands in warms up to ${warm} °C; its fan will run out of headroom.`);
    await until(clock, startedAt + coolAfter, signal);
    const normal = this.options.normalAmbientC(clock.now());
    miner.device.setAmbient(normal);
    this.options.say(`demo: the cupboard door is open again (${Math.round(normal)} °C); ${miner.name} cools down.`);
  }
}

/** Waits until the clock reads `atMs`, in short sleeps: a clock that jumps (a laptop waking, a test) is followed. */
async function until(clock: Clock, atMs: number, signal: AbortSignal): Promise<void> {
  for (let left = atMs - clock.now(); left > 0; left = atMs - clock.now()) await clock.sleep(Math.min(left, 1000), signal);
}
