/**
 * Each notification channel through the real outbox on a real SQLite file, across a restart: alerts are queued while
 * the channel's server is down, the service stops (the server still down), starts again on the same database, the
 * server comes back, and every alert arrives once, in order. Then a server that refuses the credentials turns its
 * channel off, and the messages for it stay in the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { RealClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { notificationChannels, type ChannelRegistration } from '../../../src/messaging/channels/index.js';
import { OutboxDispatcher } from '../../../src/messaging/dispatcher.js';
import { textBlock } from '../../../src/messaging/message.js';
import { OutboxRepository } from '../../../src/messaging/outbox.js';
import { ChatPlatforms } from '../../../src/messaging/platforms.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { FakeGotifyServer } from '../../fakes/gotify-server.js';
import { FakeNtfyServer } from '../../fakes/ntfy-server.js';
import { readPushover, FakePushoverApi } from '../../fakes/pushover-api.js';
import { FakeSmtpInbox } from '../../fakes/smtp-inbox.js';
import { FakeWebhookReceiver, signatureMatches } from '../../fakes/webhook-receiver.js';
import { jsonOf } from '../../fakes/push-endpoint.js';
import { alertMessage } from './channel-fixtures.js';

/** One channel's fake server, seen the same way whatever it is: up, down, and the alert texts that arrived. */
interface ChannelFake {
  name: string;
  up(): Promise<unknown>;
  down(): Promise<void>;
  /** The first line of each message the server accepted, in the order it accepted them. */
  arrived(): Promise<string[]>;
  /** Every request from now on is refused with this status (a revoked token). */
  refuse(status: number): void;
  notify(): Record<string, unknown>;
}

async function fakeFor(name: string): Promise<ChannelFake> {
  if (name === 'ntfy') {
    const server = await new FakeNtfyServer().up();
    return {
      name, up: () => server.up(), down: () => server.down(), refuse: (status) => server.refuseAll(status),
      arrived: () => Promise.resolve(server.published.map((p) => p.title ?? '')),
      notify: () => ({ ntfy: { enabled: true, url: server.url, topic: 'miners' } }),
    };
  }
  if (name === 'webhook') {
    const server = await new FakeWebhookReceiver('s3cret').up();
    return {
      name, up: () => server.up(), down: () => server.down(), refuse: (status) => server.refuseAll(status),
      arrived: () => Promise.resolve(server.delivered.filter((r) => signatureMatches(r, 's3cret')).map((r) => String(jsonOf(r).title))),
      notify: () => ({ webhook: { enabled: true, url: `${server.url}/hook`, secret: 's3cret' } }),
    };
  }
  if (name === 'pushover') {
    const server = await new FakePushoverApi('tok', 'usr').up();
    return {
      name, up: () => server.up(), down: () => server.down(), refuse: (status) => server.refuseAll(status),
      arrived: async () => (await Promise.all(server.delivered.map(readPushover))).map((m) => m.fields.title ?? ''),
      notify: () => ({ pushover: { enabled: true, token: 'tok', user: 'usr', apiRoot: server.url } }),
    };
  }
  if (name === 'gotify') {
    const server = await new FakeGotifyServer('gtok').up();
    return {
      name, up: () => server.up(), down: () => server.down(), refuse: (status) => server.refuseAll(status),
      arrived: () => Promise.resolve(server.messages.map((m) => String(m.title))),
      notify: () => ({ gotify: { enabled: true, url: server.url, token: 'gtok' } }),
    };
  }
  const account = { username: 'mailer', password: 'pass' };
  const inbox = await new FakeSmtpInbox(account).up();
  const port = inbox.smtpPort;
  return {
    name,
    up: () => inbox.up(),
    down: () => inbox.down(),
    // The password was changed on the server: the channel's login is refused from now on.
    refuse: () => {
      inbox.refuseLogins = true;
    },
    arrived: () => Promise.resolve(inbox.mails.map((mail) => mail.subject.replace(/^\[axepilot\] (CRITICAL: )?/, ''))),
    notify: () => ({ email: { enabled: true, host: '127.0.0.1', port, from: 'axepilot@example.org', to: ['owner@example.org'], ...account } }),
  };
}

/** The part of the service these tests need: store, outbox, registry with the one channel, dispatcher. */
class Service {
  readonly store: Store;
  readonly outbox: OutboxRepository;
  readonly registration: ChannelRegistration;
  readonly dispatcher: OutboxDispatcher;
  readonly turnedOff: Array<{ platform: string; detail: string }> = [];

  constructor(path: string, notify: Record<string, unknown>) {
    const clock = new RealClock();
    const log = silentLogger();
    this.store = openStore({ path, log, pollIntervalMs: 5_000 });
    this.outbox = new OutboxRepository(this.store.db);
    const [registration] = notificationChannels(parseNotify(notify), { clock, log });
    if (!registration) throw new Error('no channel configured');
    this.registration = registration;
    const platforms = new ChatPlatforms().register(registration);
    this.dispatcher = new OutboxDispatcher({
      outbox: this.outbox, sender: platforms, clock, log,
      // Short pauses so the test takes real milliseconds, not minutes.
      retry: { baseMs: 20, maxMs: 80 }, unavailableRetryMs: 50, idleCheckMs: 50,
      onPlatformOff: (platform, detail) => this.turnedOff.push({ platform, detail }),
    });
  }

  async start(): Promise<this> {
    await this.registration.platform.start();
    await this.dispatcher.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await this.registration.platform.stop();
    this.store.close();
  }

  queue(titles: readonly string[]): void {
    const [subscription] = this.registration.subscriptions?.() ?? [];
    if (!subscription) throw new Error('the channel subscribes to nothing');
    this.outbox.add(titles.map((title, index) => ({
      ...subscription.target, kind: 'firing', notificationId: `n-${title}`, alertIds: [`a-${title}`], silent: false,
      message: alertMessage({ title, blocks: [textBlock(`${title}\nchip 76.3 °C`)] }), createdAt: 1_000 + index,
    })));
  }
}

const parseNotify = (notify: Record<string, unknown>) => parseConfig({ notify }, {}).notify;

const CHANNELS = ['ntfy', 'webhook', 'email', 'pushover', 'gotify'];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `axepilot-${name}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const fake = await fakeFor(name);
  cleanups.push(() => fake.down());
  const path = join(dir, 'axepilot.db');
  let running: Service | null = null;
  cleanups.push(async () => {
    await running?.stop();
  });
  const start = async (): Promise<Service> => {
    running = await new Service(path, fake.notify()).start();
    return running;
  };
  const stop = async (): Promise<void> => {
    await running?.stop();
    running = null;
  };
  return { fake, start, stop };
}

describe.each(CHANNELS)('the %s channel through the outbox', (name) => {
  it('delivers every alert once, in order, after an outage that spans a restart', async () => {
    const { fake, start, stop } = await setUp(name);
    await fake.down();
    const first = await start();
    first.queue(['alert 1', 'alert 2', 'alert 3']);
    // Tried and failed while down: the head row counts its attempts; nothing left the outbox.
    await expect.poll(() => first.outbox.pending({ platform: name, chatId: 'owner' })[0]?.attempts ?? 0).toBeGreaterThan(1);
    expect(first.outbox.counts()).toMatchObject({ pending: 3, sent: 0 });
    await stop();

    const second = await start();
    await fake.up();
    await expect.poll(() => second.outbox.counts(), { timeout: 5_000 }).toMatchObject({ pending: 0, sent: 3, failed: 0 });
    expect(await fake.arrived()).toEqual(['alert 1', 'alert 2', 'alert 3']);
  });

  it('turns itself off when the server refuses it, says so once, and keeps the messages', async () => {
    const { fake, start } = await setUp(name);
    const service = await start();
    service.queue(['before']);
    await expect.poll(() => service.outbox.counts().sent).toBe(1);
    fake.refuse(401);
    service.queue(['refused 1', 'refused 2']);
    await expect.poll(() => service.turnedOff).toHaveLength(1);
    expect(service.turnedOff[0]?.platform).toBe(name);
    expect(service.registration.platform.enabled).toBe(false);
    // Off, it drops out of the alert subscriptions, so no new alert is queued for it.
    expect(service.registration.subscriptions?.()).toEqual([]);
    await service.dispatcher.settled();
    expect(service.outbox.counts()).toMatchObject({ pending: 2, failed: 0 });
    expect(service.turnedOff).toHaveLength(1);
  });
});

describe('a channel that asks to wait (429 with Retry-After)', () => {
  it('is tried again no sooner than the server said, though the outbox would have tried sooner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-retry-after-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await new FakeNtfyServer().up();
    cleanups.push(() => server.down());
    server.answer({ status: 429, retryAfter: 30 });
    const service = await new Service(join(dir, 'axepilot.db'), { ntfy: { enabled: true, url: server.url, topic: 'miners' } }).start();
    cleanups.push(() => service.stop());
    const before = Date.now();
    service.queue(['wait for me']);
    await expect.poll(() => service.outbox.pending({ platform: 'ntfy', chatId: 'owner' })[0]?.attempts).toBe(1);
    const [row] = service.outbox.pending({ platform: 'ntfy', chatId: 'owner' });
    // The backoff alone would be 20–80 ms; the server's 30 s win.
    expect((row?.nextAttemptAt ?? 0) - before).toBeGreaterThanOrEqual(30_000);
    expect(server.requests).toHaveLength(1);
  });
});

