/** An embedded MQTT broker (aedes) on 127.0.0.1 and a recording subscriber, standing in for Mosquitto and Home Assistant. */
import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';

export interface TestBroker {
  url: string;
  /** Clients connected now, by client id. */
  clients: Map<string, Client>;
  close(): Promise<void>;
}

export async function startBroker(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const clients = new Map<string, Client>();
  broker.on('client', (client) => clients.set(client.id, client));
  broker.on('clientDisconnect', (client) => clients.delete(client.id));
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no broker port');
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    clients,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A client that records every message on `topics` (what Home Assistant would see). */
export class Listener {
  readonly messages: Received[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string, topics: string[]): Promise<Listener> {
    const client = await connectAsync(url, { clientId: `test-${Math.random().toString(16).slice(2)}`, reconnectPeriod: 0 });
    const listener = new Listener(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return listener;
  }

  /** The first message (recorded from `from` on) matching `match`. */
  async waitFor(match: (m: Received) => boolean, what: string, from = 0, timeoutMs = 8_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no MQTT message: ${what}; got ${this.messages.map((m) => m.topic).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async publish(topic: string, payload: string): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
