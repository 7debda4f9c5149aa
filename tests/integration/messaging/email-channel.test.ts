import { afterEach, describe, expect, it } from 'vitest';
import { EmailChannel } from '../../../src/messaging/channels/email.js';
import { PlatformUnavailableError, TransientDeliveryError } from '../../../src/messaging/errors.js';
import { textBlock } from '../../../src/messaging/message.js';
import { FakeSmtpInbox } from '../../fakes/smtp-inbox.js';
import { alertMessage, notifyConfig, TARGET, TINY_PNG } from './channel-fixtures.js';

const opened: Array<{ stop(): Promise<void> } | { down(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await ('down' in thing ? thing.down() : thing.stop());
});

async function rig(login: { username: string; password: string } | null = null, account = login) {
  const inbox = await new FakeSmtpInbox(account).up();
  opened.push(inbox);
  const config = notifyConfig({
    email: {
      enabled: true, host: inbox.host, port: inbox.smtpPort, from: 'axepilot <axepilot@example.org>', to: ['owner@example.org', 'club@example.org'],
      ...(login ? { username: login.username, password: login.password } : {}),
    },
  }).email;
  const channel = new EmailChannel({ config });
  opened.push(channel);
  await channel.start();
  return { inbox, channel };
}

describe('the e-mail channel', () => {
  it('mails an alert to every address with its subject from the alert, HTML and text, and the AxeOS link', async () => {
    const { inbox, channel } = await rig();
    await channel.send(TARGET, alertMessage(), { silent: false });
    const [mail] = inbox.mails;
    expect(mail?.to).toEqual(['owner@example.org', 'club@example.org']);
    expect(mail?.from).toBe('axepilot@example.org');
    expect(mail?.subject).toBe('[axepilot] CRITICAL: 🔴 gamma: chip temperature');
    expect(mail?.html).toContain('chip 76.3 °C (critical ≥ 75 °C)');
    expect(mail?.html).toContain('<a href="http://192.168.1.50/">Open AxeOS</a>');
    expect(mail?.text).toContain('AxeOS: http://192.168.1.50/');
  });

  it('shows a chart inline in the HTML, attached by Content-ID, and escapes what the text holds', async () => {
    const { inbox, channel } = await rig();
    await channel.send(TARGET, {
      blocks: [textBlock('Fleet <today>', 'title'), { kind: 'image', png: TINY_PNG, filename: 'fleet-24h.png', caption: 'hashrate, 24 h' }],
      buttons: [], severity: 'info',
    }, { silent: true });
    const [mail] = inbox.mails;
    expect(mail?.subject).toBe('[axepilot] Fleet <today>');
    expect(mail?.html).toContain('<h2>Fleet &lt;today&gt;</h2>');
    const [chart] = mail?.attachments ?? [];
    expect(chart).toMatchObject({ contentType: 'image/png', filename: 'fleet-24h.png' });
    expect(chart?.bytes.equals(TINY_PNG)).toBe(true);
    expect(mail?.html).toContain(`<img src="cid:${chart?.contentId}"`);
  });

  it('logs in with the configured account', async () => {
    const account = { username: 'mailer', password: 'smtp-pass' };
    const { inbox, channel } = await rig(account);
    await channel.send(TARGET, alertMessage(), { silent: false });
    expect(inbox.logins).toEqual([account]);
    expect(inbox.mails).toHaveLength(1);
  });

  it('turns itself off when the server refuses the login (535), and tries no more', async () => {
    const { inbox, channel } = await rig({ username: 'mailer', password: 'old-pass' }, { username: 'mailer', password: 'new-pass' });
    const refused = await channel.send(TARGET, alertMessage(), { silent: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlatformUnavailableError);
    expect((refused as PlatformUnavailableError).turnedOff).toBe(true);
    expect(channel.enabled).toBe(false);
    await expect(channel.send(TARGET, alertMessage(), { silent: false })).rejects.toBeInstanceOf(PlatformUnavailableError);
    expect(inbox.logins).toHaveLength(1);
  });

  it('is transient while the mail server is down', async () => {
    const { inbox, channel } = await rig();
    await inbox.down();
    await expect(channel.send(TARGET, alertMessage(), { silent: false })).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(channel.enabled).toBe(true);
  });
});
