/**
 * The whole service (startService) with notification channels configured under `notify:`, each pointing at a local
 * fake on 127.0.0.1: a simulated miner's alert reaches ntfy and the webhook with its facts and the AxeOS link, the
 * daily digest reaches the mailbox as an HTML mail with its chart, and an ntfy server that starts refusing the token
 * turns the channel off with one log line and a Telegram notice to the admin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { JumpClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { startSimFleet, type SimFleet } from '../../../src/sim/fleet.js';
import { FakeNtfyServer } from '../../fakes/ntfy-server.js';
import { FakeSmtpInbox } from '../../fakes/smtp-inbox.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-bot-api.js';
import { FakeWebhookReceiver } from '../../fakes/webhook-receiver.js';

const ADMIN = 7003;

let dir: string;
let fake: FakeTelegram;
let sims: SimFleet;
let ntfy: FakeNtfyServer;
let webhook: FakeWebhookReceiver;
let inbox: FakeSmtpInbox;
let service: RunningService;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'axepilot-notify-'));
  fake = await startFakeTelegram({ pollHoldMs: 200 });
  ntfy = await new FakeNtfyServer().up();
  webhook = await new FakeWebhookReceiver('hook-secret').up();
  inbox = await new FakeSmtpInbox().up();
  const clock = new JumpClock();
  sims = await startSimFleet({ models: ['gamma'], clock });
  // Switched on a quarter of an hour ago: hashing steadily, past every boot grace.
  clock.jump(15 * 60_000);
  const config = parseConfig({
    database: join(dir, 'axepilot.db'),
    miners: sims.miners.map((m) => ({ name: m.name, host: m.url })),
    timezone: 'UTC',
    chat: { admins: [`telegram:${ADMIN}`], telegram: { token: fake.token, apiRoot: fake.apiRoot } },
    alerts: { groupWindowSeconds: 0, repeatMinutes: 0 },
    notify: {
      ntfy: { enabled: true, url: ntfy.url, topic: 'miners', minSeverity: 'warning' },
      webhook: { enabled: true, url: `${webhook.url}/hook`, minSeverity: 'info' },
      email: { enabled: true, host: inbox.host, port: inbox.smtpPort, from: 'axepilot@example.org', to: ['owner@example.org'], minSeverity: 'critical' },
    },
  }, { AXEPILOT_WEBHOOK_SECRET: 'hook-secret' });
  // Below what the schema lets an owner set, so the test takes seconds rather than minutes.
  config.pollIntervalSeconds = 0.5;
  config.alerts.flatlineMinutes = 0.02;
  const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
  service = await startService({ config, log, clock, cwd: dir });
  await service.collector.whenAllPolled();
}, 30_000);

afterAll(async () => {
  await service.stop();
  await sims.close();
  await fake.close();
  await ntfy.down();
  await webhook.down();
  await inbox.down();
  rmSync(dir, { recursive: true, force: true });
});

describe('notification channels in the running service', () => {
  it('sends an alert to ntfy, the webhook and the mailbox, each by its own minimum, with the AxeOS page', async () => {
    const miner = sims.miners[0];
    if (!miner) throw new Error('no simulated miner');
    miner.device.injectFault('flatline');
    await expect.poll(() => ntfy.published.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const [alert] = ntfy.published;
    expect(alert).toMatchObject({ priority: 5, click: `${miner.url.replace(/\/$/, '')}/` });
    expect(alert?.tags).toEqual(['rotating_light', 'flatline', miner.name]);
    await expect.poll(() => webhook.accepted.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(webhook.accepted[0]).toMatchObject({
      severity: 'critical',
      alert: { rule: 'flatline', state: 'firing', miners: [miner.name], values: { [miner.name]: 0 } },
    });
    await expect.poll(() => inbox.mails.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(inbox.mails[0]?.subject).toMatch(/^\[axepilot\] CRITICAL: .*hashrate 0/);
  }, 30_000);

  it('mails the daily digest as HTML with its chart', async () => {
    const before = inbox.mails.length;
    await service.alerts.desk.sendDigest();
    await expect.poll(() => inbox.mails.length, { timeout: 10_000 }).toBe(before + 1);
    const digest = inbox.mails[before];
    expect(digest?.subject).toMatch(/^\[axepilot\] Daily digest/);
    expect(digest?.html).toContain('Daily digest');
    const chart = digest?.attachments.find((a) => a.contentType === 'image/png');
    expect(chart?.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(chart?.bytes.length).toBeGreaterThan(1_000);
    expect(digest?.html).toContain(`cid:${chart?.contentId}`);
  }, 30_000);

  it('turns ntfy off when it refuses the token: one log line, a notice to the admin, the other channels go on', async () => {
    ntfy.refuseAll(401);
    const miner = sims.miners[0];
    if (!miner) throw new Error('no simulated miner');
    const webhookBefore = webhook.accepted.length;
    miner.device.clearFault('flatline');
    const notice = await fake.waitFor(
      () => fake.sent(ADMIN).find((m) => (m.text ?? '').includes('ntfy notifications are off')),
      10_000,
      'the notice to the admin',
    );
    expect(notice.text).toContain('notify.ntfy');
    // One line says it: not one from the channel, one from the outbox and one from the announcement.
    const aboutNtfyOff = logLines.filter((line) => /"level":"(warn|error)"/.test(line) && /ntfy|"platform":"ntfy"/.test(line));
    expect(aboutNtfyOff).toHaveLength(1);
    expect(aboutNtfyOff[0]).toContain('ntfy notifications are off: ntfy answered 401');
    await expect.poll(() => webhook.accepted.length, { timeout: 5_000 }).toBeGreaterThan(webhookBefore);
    expect(webhook.accepted.at(-1)).toMatchObject({ alert: { state: 'resolved' } });
  }, 30_000);
});
