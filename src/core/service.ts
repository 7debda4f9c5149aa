import type { Logger } from './logger.js';
import { errorMessage } from './errors.js';

/** A long-running part of axepilot. Constructors do no I/O; `start` begins work, `stop` ends it and releases all. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Something that only needs closing at the end (the database, connection pools) as a service in the ordered group. */
export function closing(name: string, close: () => unknown): Service {
  return {
    name,
    start: () => Promise.resolve(),
    stop: async () => {
      await close();
    },
  };
}

/**
 * Starts services in order and stops them in reverse, each stop isolated so one failure does not keep the others
 * (or the database, which comes last) from closing.
 */
export class ServiceGroup {
  private readonly started: Service[] = [];

  constructor(private readonly log: Logger) {}

  async start(service: Service): Promise<void> {
    await service.start();
    this.started.push(service);
    this.log.debug({ service: service.name }, 'started');
  }

  async stopAll(): Promise<void> {
    while (this.started.length > 0) {
      const service = this.started.pop();
      if (!service) break;
      try {
        await service.stop();
        this.log.debug({ service: service.name }, 'stopped');
      } catch (error) {
        this.log.error({ service: service.name, err: errorMessage(error) }, 'stop failed');
      }
    }
  }
}
