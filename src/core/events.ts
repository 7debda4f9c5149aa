import { EventEmitter } from 'node:events';

export type EventMap = Record<string, unknown>;
type Listener<T> = (payload: T) => void | Promise<void>;

/**
 * A typed event bus with an error boundary at the fan-out: a failing listener (sync or async) is reported to
 * `onListenerError` and never stops the other listeners or the emitter.
 */
export class TypedEventBus<Events extends EventMap> {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void = () => undefined) {
    // A fleet of 1,000 miners may have a listener per miner.
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    const wrapped = (payload: Events[K]): void => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.onListenerError(event, error));
      } catch (error) {
        this.onListenerError(event, error);
      }
    };
    this.emitter.on(event, wrapped);
    return () => this.emitter.off(event, wrapped);
  }

  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    this.emitter.emit(event, payload);
  }

  listenerCount(event: keyof Events & string): number {
    return this.emitter.listenerCount(event);
  }

  removeAll(): void {
    this.emitter.removeAllListeners();
  }
}
