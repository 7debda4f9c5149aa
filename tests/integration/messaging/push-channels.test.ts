import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { GotifyChannel } from '../../../src/messaging/channels/gotify.js';
import { PushoverChannel } from '../../../src/messaging/channels/pushover.js';
import { WebhookChannel } from '../../../src/messaging/channels/webhook.js';
import { MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../../../src/messaging/errors.js';
import { textMessage } from '../../../src/messaging/message.js';
import { FakeGotifyServer } from '../../fakes/gotify-server.js';
import type { PushEndpoint } from '../../fakes/push-endpoint.js';
import { FakePushoverApi } from '../../fakes/pushover-api.js';
import { FakeWebhookReceiver } from '../../fakes/webhook-receiver.js';
import { alertMessage, notifyConfig, TARGET, TINY_PNG, withChart } from './channel-fixtures.js';

const endpoints: PushEndpoint[] = [];
afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.down();
});

async function started<T extends PushEndpoint>(endpoint: T): Promise<T> {
  endpoints.push(endpoint);
  return endpoint.up();
}

const failureOf = (promise: Promise<void>): Promise<unknown> => promise.then(() => null, (error: unknown) => error);

describe('the webhook channel', () => {
  async function rig(secret: string | null) {
    const receiver = await started(new FakeWebhookReceiver('hmac-shared-secret'));
    const clock = new VirtualClock(Date.UTC(2026, 11, 2, 8, 0));
    const config = notifyConfig({ webhook: { enabled: true, url: `${receiver.url}/hooks/axepilot`, secret } }).webhook;
    return { receiver, channel: new WebhookChannel({ config, clock }) };
  }

  it('posts the documented JSON, signed so the receiver can check it came from axepilot', async () => {
    const { receiver, channel } = await rig('hmac-shared-secret');
    await channel.send(TARGET, withChart(alertMessage()), { silent: true });
    expect(receiver.received.map((hook) => hook.signatureValid)).toEqual([true]);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/hooks/axepilot' });
    const [body] = receiver.accepted;
    expect(body).toMatchObject({
      version: 1,
      source: 'axepilot',
      sentAt: '2026-12-02T08:00:00.000Z',
      title: '🔴 gamma: chip temperature',
      text: '🔴 gamma: chip temperature\nchip 76.3 °C (critical ≥ 75 °C)',
      severity: 'critical',
      silent: true,
      link: 'http://192.168.1.50/',
      alert: {
        id: 'a1', notificationId: 'n1', rule: 'chipTemp', state: 'firing', severity: 'critical', miners: ['gamma'],
        values: { gamma: 76.3 }, summaries: { gamma: 'chip 76.3 °C (critical ≥ 75 °C)' },
      },
      images: [{ filename: 'gamma-chip.png', contentType: 'image/png', base64: TINY_PNG.toString('base64') }],
    });
    expect(body?.fields).toMatchObject({ rule: 'chipTemp', 'value:gamma': 76.3 });
  });

  it('sends a notice that is no alert with alert: null', async () => {
    const { receiver, channel } = await rig('hmac-shared-secret');
    await channel.send(TARGET, textMessage('Daily digest', { severity: 'info' }), { silent: true });
    expect(receiver.accepted[0]).toMatchObject({ alert: null, fields: {}, images: [], link: null, severity: 'info', title: 'Daily digest' });
  });

  it('is refused by a receiver that checks signatures when no secret is set, and turns itself off', async () => {
    const { receiver, channel } = await rig(null);
    const refused = await failureOf(channel.send(TARGET, alertMessage(), { silent: false }));
    expect(receiver.received.map((hook) => hook.signatureValid)).toEqual([false]);
    expect(receiver.requests[0]?.headers['x-axepilot-signature']).toBeUndefined();
    expect(refused).toBeInstanceOf(PlatformUnavailableError);
    expect(channel.enabled).toBe(false);
  });
});

describe('the Pushover channel', () => {
  async function rig() {
    const api = await started(new FakePushoverApi('app-token-30chars', 'user-key-30chars'));
    const config = notifyConfig({ pushover: { enabled: true, token: 'app-token-30chars', user: 'user-key-30chars', apiRoot: api.url } }).pushover;
    return { api, channel: new PushoverChannel({ config, clock: new VirtualClock() }) };
  }

  it('sends one call with token, user, title, message, priority, the AxeOS link and the chart', async () => {
    const { api, channel } = await rig();
    await channel.send(TARGET, withChart(alertMessage()), { silent: false });
    await channel.send(TARGET, alertMessage({ severity: 'warning' }), { silent: true });
    const [first, second] = await api.messages();
    expect(first?.fields).toMatchObject({
      token: 'app-token-30chars', user: 'user-key-30chars', title: '🔴 gamma: chip temperature',
      priority: '1', url: 'http://192.168.1.50/',
    });
    // Form fields carry line breaks as CRLF (the multipart/form-data rules); Pushover shows either as a new line.
    expect(first?.fields.message?.replace(/\r\n/g, '\n')).toBe('🔴 gamma: chip temperature\nchip 76.3 °C (critical ≥ 75 °C)');
    expect(first?.attachment).toMatchObject({ filename: 'gamma-chip.png', type: 'image/png' });
    expect(first?.attachment?.bytes.equals(TINY_PNG)).toBe(true);
    expect(second?.fields.priority).toBe('-1');
    expect(second?.attachment).toBeNull();
  });

  it('cuts a long text to the 1,024 characters Pushover keeps', async () => {
    const { api, channel } = await rig();
    await channel.send(TARGET, textMessage('x'.repeat(3000)), { silent: false });
    const [message] = await api.messages();
    expect(Array.from(message?.fields.message ?? '')).toHaveLength(1024);
    expect(message?.fields.message?.endsWith('…')).toBe(true);
  });

  it('counts characters as Pushover does, not bytes: 1,000 degree signs arrive whole', async () => {
    const { api, channel } = await rig();
    await channel.send(TARGET, textMessage('°'.repeat(1000)), { silent: false });
    const [message] = await api.messages();
    expect(message?.fields.message).toBe('°'.repeat(1000));
  });

  it('turns itself off when Pushover calls the token invalid (its 400), but only refuses the message on another 400', async () => {
    const { api, channel } = await rig();
    api.answer({ status: 400, body: '{"message":"message cannot be blank","errors":["message cannot be blank"],"status":0}' });
    expect(await failureOf(channel.send(TARGET, alertMessage(), { silent: false }))).toBeInstanceOf(MessageRefusedError);
    expect(channel.enabled).toBe(true);
    api.answer({ status: 429, retryAfter: 60 });
    const limited = await failureOf(channel.send(TARGET, alertMessage(), { silent: false }));
    expect((limited as TransientDeliveryError).retryAfterMs).toBe(60_000);
    const wrongToken = new PushoverChannel({
      config: notifyConfig({ pushover: { enabled: true, token: 'revoked-token', user: 'user-key-30chars', apiRoot: api.url } }).pushover,
      clock: new VirtualClock(),
    });
    const refused = await failureOf(wrongToken.send(TARGET, alertMessage(), { silent: false }));
    expect(refused).toBeInstanceOf(PlatformUnavailableError);
    expect((refused as PlatformUnavailableError).turnedOff).toBe(true);
    expect(wrongToken.enabled).toBe(false);
  });
});

describe('the Gotify channel', () => {
  async function rig(token = 'AppToken.1') {
    const server = await started(new FakeGotifyServer('AppToken.1'));
    const config = notifyConfig({ gotify: { enabled: true, url: `${server.url}/`, token } }).gotify;
    return { server, channel: new GotifyChannel({ config, clock: new VirtualClock() }) };
  }

  it('posts title, message and priority with the token in a header and a click to AxeOS', async () => {
    const { server, channel } = await rig();
    await channel.send(TARGET, alertMessage(), { silent: false });
    await channel.send(TARGET, alertMessage({ severity: 'warning' }), { silent: true });
    expect(server.requests[0]?.path).toBe('/message');
    expect(server.messages[0]).toMatchObject({
      title: '🔴 gamma: chip temperature',
      message: '🔴 gamma: chip temperature\nchip 76.3 °C (critical ≥ 75 °C)',
      priority: 8,
      extras: { 'client::notification': { click: { url: 'http://192.168.1.50/' } } },
    });
    expect(server.messages[1]?.priority).toBe(2);
  });

  it('turns itself off on a wrong token (401); a 503 is transient', async () => {
    const { server, channel } = await rig();
    server.answer({ status: 503 });
    expect(await failureOf(channel.send(TARGET, alertMessage(), { silent: false }))).toBeInstanceOf(TransientDeliveryError);
    expect(channel.enabled).toBe(true);
    const wrong = new GotifyChannel({ config: notifyConfig({ gotify: { enabled: true, url: server.url, token: 'old' } }).gotify, clock: new VirtualClock() });
    const refused = await failureOf(wrong.send(TARGET, alertMessage(), { silent: false }));
    expect((refused as PlatformUnavailableError).turnedOff).toBe(true);
    expect((refused as Error).message).toContain('gotify answered 401');
    expect(wrong.enabled).toBe(false);
  });
});
