import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { NtfyChannel } from '../../../src/messaging/channels/ntfy.js';
import { MessageRefusedError, PlatformUnavailableError, TransientDeliveryError } from '../../../src/messaging/errors.js';
import { FakeNtfyServer } from '../../fakes/ntfy-server.js';
import { alertMessage, notifyConfig, TARGET, TINY_PNG, withChart } from './channel-fixtures.js';

const servers: FakeNtfyServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.down();
});

async function rig(ntfy: Record<string, unknown> = {}) {
  const server = await new FakeNtfyServer().up();
  servers.push(server);
  const clock = new VirtualClock();
  const config = notifyConfig({ ntfy: { enabled: true, url: server.url, topic: 'miners_4f9a', token: 'tk_secret', ...ntfy } }).ntfy;
  const channel = new NtfyChannel({ config, clock, log: silentLogger() });
  await channel.start();
  return { server, channel, clock };
}

describe('the ntfy channel', () => {
  it('publishes to the topic with the priority of the severity, tags, a click to AxeOS and the chart attached', async () => {
    const { server, channel } = await rig();
    await channel.send(TARGET, withChart(alertMessage()), { silent: false });
    const [published] = server.published;
    expect(server.requests[0]).toMatchObject({ method: 'PUT', path: '/miners_4f9a' });
    expect(published).toMatchObject({
      topic: 'miners_4f9a',
      title: '🔴 gamma: chip temperature',
      message: '🔴 gamma: chip temperature\nchip 76.3 °C (critical ≥ 75 °C)',
      priority: 5,
      tags: ['rotating_light', 'chipTemp', 'gamma'],
      click: 'http://192.168.1.50/',
      authorization: 'Bearer tk_secret',
    });
    expect(published?.attachment?.filename).toBe('gamma-chip.png');
    expect(published?.attachment?.bytes.equals(TINY_PNG)).toBe(true);
  });

  it('rings by severity, and stays low in quiet hours; a message without a chart goes in the body', async () => {
    const { server, channel } = await rig();
    await channel.send(TARGET, alertMessage({ severity: 'warning' }), { silent: false });
    await channel.send(TARGET, alertMessage({ severity: 'info' }), { silent: false });
    await channel.send(TARGET, alertMessage({ severity: 'warning' }), { silent: true });
    expect(server.published.map((p) => p.priority)).toEqual([4, 3, 2]);
    expect(server.published[0]?.tags[0]).toBe('warning');
    expect(server.published[0]?.attachment).toBeNull();
    expect(server.requests[0]?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('leaves the chart out when a self-hosted server keeps no attachments, and says it once', async () => {
    const { server, channel } = await rig();
    server.attachments = false;
    await channel.send(TARGET, withChart(alertMessage()), { silent: false });
    await channel.send(TARGET, withChart(alertMessage()), { silent: false });
    expect(server.published.map((p) => [p.attachment, p.message.startsWith('🔴 gamma')])).toEqual([[null, true], [null, true]]);
    // The first message tried with the chart; the second went without it at once.
    expect(server.requests.map((r) => r.headers.filename ?? null)).toEqual(['gamma-chip.png', null, null]);
  });

  it('turns a 429 into a transient failure carrying Retry-After, and a 500 or a server down into transient ones', async () => {
    const { server, channel } = await rig();
    server.answer({ status: 429, retryAfter: 30 }, { status: 500 });
    const tooMany = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(TransientDeliveryError);
    expect((tooMany as TransientDeliveryError).retryAfterMs).toBe(30_000);
    const broken = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(TransientDeliveryError);
    expect((broken as TransientDeliveryError).retryAfterMs).toBeNull();
    await server.down();
    const down = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(down).toBeInstanceOf(TransientDeliveryError);
    expect((down as Error).message).toMatch(/^ntfy unreachable \(fetch failed: /);
    expect(channel.enabled).toBe(true);
  });

  it('refuses one message that is malformed (400) and keeps the channel on', async () => {
    const { server, channel } = await rig();
    server.answer({ status: 400, body: '{"code":40010,"http":400,"error":"invalid request: priority invalid"}' });
    await expect(channel.send(TARGET, alertMessage(), { silent: false })).rejects.toBeInstanceOf(MessageRefusedError);
    expect(channel.enabled).toBe(true);
  });

  it.each([401, 403, 404])('turns itself off on %i and sends nothing more', async (status) => {
    const { server, channel } = await rig();
    server.answer({ status });
    const refused = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlatformUnavailableError);
    expect((refused as PlatformUnavailableError).turnedOff).toBe(true);
    expect(channel.enabled).toBe(false);
    const again = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(PlatformUnavailableError);
    expect((again as PlatformUnavailableError).turnedOff).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('names the attachment in ASCII, whatever the miner is called', async () => {
    const { server, channel } = await rig();
    const message = withChart(alertMessage());
    const chart = message.blocks.at(-1);
    if (chart?.kind === 'image') chart.filename = 'Küche-chip.png';
    await channel.send(TARGET, message, { silent: false });
    expect(server.published[0]?.attachment?.filename).toBe('K_che-chip.png');
  });
});
