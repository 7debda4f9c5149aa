import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../../src/chat/csv-export.js';
import { formatIsoInZone } from '../../../src/chat/format.js';
import {
  ADMIN_IDS, STRANGER_IDS, VIEWER_ID, pngSize, readable, startServiceWithTelegram, waitForMessage, type ServiceUnderTest,
} from './service-harness.js';

let sut: ServiceUnderTest;

beforeAll(async () => {
  sut = await startServiceWithTelegram({ warmMiners: true });
});

afterAll(async () => {
  await sut.close();
});

/** Each test talks from its own private chat, so Telegram's one-message-per-second per chat never slows another. */
function admin(index: number): number {
  const id = ADMIN_IDS[index];
  if (id === undefined) throw new Error(`no admin #${index}`);
  return id;
}

describe('the Telegram bot, end to end', () => {
  it('publishes the viewer commands as the bot menu', async () => {
    const call = await sut.fake.waitForCall('setMyCommands', undefined, 5_000);
    const names = (call.params.commands as Array<{ command: string }>).map((c) => c.command);
    expect(names).toEqual(expect.arrayContaining(['status', 'chart', 'export', 'whoami', 'help']));
  });

  it('answers an admin\'s /status with every miner\'s name and hashrate', async () => {
    const chatId = admin(0);
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/status' });
    const message = await waitForMessage(sut.fake, chatId);
    const call = sut.fake.callsOf('sendMessage').find((c) => Number(c.params.chat_id) === chatId);
    expect(call?.params.parse_mode).toBe('HTML');
    const text = readable(message.text);
    expect(text).toContain('Fleet status');
    expect(sut.minerNames).toHaveLength(3);
    for (const loop of sut.service.collector.miners) {
      const row = text.split('\n').find((line) => line.startsWith(`${loop.miner.name} `));
      expect(row, `a row for ${loop.miner.name}`).toBeDefined();
      const hashrateGhs = Number(row?.split(/\s+/)[2]?.replace(/,/g, ''));
      const expected = loop.latestTelemetry?.expectedHashrateGhs ?? 0;
      expect(hashrateGhs).toBeGreaterThan(expected * 0.5);
      expect(hashrateGhs).toBeLessThan(expected * 1.5);
    }
  });

  it('refuses a stranger, tells them their id, and shows no miner data', async () => {
    const stranger = STRANGER_IDS[0] ?? 0;
    sut.fake.sendUserMessage({ chatId: stranger, userId: stranger, text: '/status' });
    const message = await waitForMessage(sut.fake, stranger);
    const text = readable(message.text);
    expect(text).toContain('not allowed');
    expect(text).toContain(`telegram:${stranger}`);
    for (const name of sut.minerNames) expect(text).not.toContain(name);
    expect(sut.fake.sent(stranger)).toHaveLength(1);
  });

  it('decides by the user, not the group: a stranger in an admin\'s group is still refused', async () => {
    const group = -5001;
    const stranger = STRANGER_IDS[2] ?? 0;
    sut.fake.sendUserMessage({ chatId: group, userId: admin(1), text: '/status@axepilot_test_bot', chatType: 'group' });
    await waitForMessage(sut.fake, group, (m) => readable(m.text).includes('Fleet status'));
    sut.fake.sendUserMessage({ chatId: group, userId: stranger, text: '/status', chatType: 'group' });
    const refusal = await waitForMessage(sut.fake, group, (m) => readable(m.text).includes('not allowed'));
    expect(readable(refusal.text)).toContain(`telegram:${stranger}`);
  });

  it('tells a stranger their id on /whoami', async () => {
    const stranger = STRANGER_IDS[1] ?? 0;
    sut.fake.sendUserMessage({ chatId: stranger, userId: stranger, text: '/whoami' });
    const message = await waitForMessage(sut.fake, stranger);
    expect(readable(message.text)).toContain(`telegram:${stranger}`);
    expect(readable(message.text)).toContain('not allowed yet');
  });

  it('sends /chart as a 1000×500 PNG photo with range and metric buttons', async () => {
    const chatId = VIEWER_ID;
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/chart fleet hashrate 1h' });
    const photo = await waitForMessage(sut.fake, chatId, (m) => m.kind === 'photo');
    expect(photo.file?.name).toMatch(/\.png$/);
    expect(pngSize(photo.file?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1000, height: 500 });
    const labels = photo.replyMarkup?.inline_keyboard.flat().map((b) => ('text' in b ? b.text : '')) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['• 1h', '6h', 'temp']));
  });

  it('switches the chart in place when a range button is pressed', async () => {
    const chatId = admin(2);
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/chart fleet hashrate 1h' });
    const chart = await waitForMessage(sut.fake, chatId, (m) => m.kind === 'photo');
    const sixHours = chart.replyMarkup?.inline_keyboard.flat().find((b) => 'text' in b && b.text === '6h');
    if (!sixHours || !('callback_data' in sixHours)) throw new Error('no 6h button on the chart');
    const before = chart.file?.bytes;

    sut.fake.pressButton({ chatId, userId: chatId, messageId: chart.messageId, data: sixHours.callback_data });
    const edit = await sut.fake.waitForCall('editMessageMedia', (c) => Number(c.params.chat_id) === chatId, 8_000);
    expect(edit.status).toBe(200);
    expect(Number(edit.params.message_id)).toBe(chart.messageId);
    const answered = sut.fake.callsOf('answerCallbackQuery');
    expect(answered.some((c) => c.status === 200)).toBe(true);

    const messages = sut.fake.sent(chatId);
    expect(messages).toHaveLength(1);
    const edited = messages[0];
    expect(edited?.edited).toBe(true);
    expect(edited?.kind).toBe('photo');
    expect(readable(edited?.text)).toContain('6h');
    expect(pngSize(edited?.file?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1000, height: 500 });
    expect(edited?.file?.bytes.equals(before ?? Buffer.alloc(0))).toBe(false);
    const labels = edited?.replyMarkup?.inline_keyboard.flat().map((b) => ('text' in b ? b.text : '')) ?? [];
    expect(labels).toContain('• 6h');
  });

  it('sends /export as a CSV document whose rows are the database\'s', async () => {
    const chatId = admin(3);
    sut.service.collector.flush();
    const dbRowsBefore = new Map(
      sut.service.collector.miners.map((loop) => [loop.miner.name, sut.service.store.samples.range(loop.miner.minerId ?? -1, 0, Date.now() + 1).length]),
    );
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/export all 1h' });
    const document = await waitForMessage(sut.fake, chatId, (m) => m.kind === 'document');
    expect(document.file?.name).toBe('axepilot-all-1h.csv');
    const [header, ...rows] = (document.file?.bytes.toString('utf8') ?? '').trim().split('\n');
    expect(header).toBe(CSV_HEADER);
    const columns = CSV_HEADER.split(',');
    const at = (name: string): number => columns.indexOf(name);
    for (const loop of sut.service.collector.miners) {
      const csvRows = rows.map((row) => row.split(',')).filter((cells) => cells[at('miner')] === loop.miner.name);
      const dbRows = sut.service.store.samples.range(loop.miner.minerId ?? -1, 0, Date.now() + 1);
      // Polls stored after the export ran may follow; every row the export holds is the database's, in order.
      expect(csvRows.length).toBeGreaterThanOrEqual(dbRowsBefore.get(loop.miner.name) ?? 1);
      expect(csvRows.length).toBeGreaterThan(0);
      csvRows.forEach((cells, i) => {
        const row = dbRows[i];
        expect(cells[at('time')]).toBe(formatIsoInZone(row?.ts ?? 0, 'UTC'));
        expect(cells[at('hashrate_ghs')]).toBe(String(row?.hashrateGhs ?? ''));
        expect(cells[at('chip_temp_c')]).toBe(String(row?.chipTempC ?? ''));
        expect(cells[at('power_w')]).toBe(String(row?.powerW ?? ''));
      });
    }
    expect(readable(document.text)).toContain('polls of all');
  });

  it('answers garbage with usage lines and keeps running', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/chart banana', /Usage: \/chart/],
      ['/status nosuchminer', /no miner called "nosuchminer"[\s\S]*Usage: \/status/],
      // A bare command that needs a miner offers a keyboard of them (guiding.test.ts presses one).
      ['/history', /\/history: which miner\?/],
      ['/events 1000', /count must be between 1 and 100[\s\S]*Usage: \/events/],
      ['/nosuch', /Unknown command \/nosuch/],
      [`/status ${'x'.repeat(5000)}`, /Usage: \/status/],
    ];
    await Promise.all(
      cases.map(async ([line, expected], i) => {
        const chatId = admin(10 + i);
        sut.fake.sendUserMessage({ chatId, userId: chatId, text: line });
        // A long echo of the argument is split; the usage line comes in the last part.
        const message = await waitForMessage(sut.fake, chatId, (m) => expected.test(readable(m.text)) || /Usage/.test(readable(m.text)));
        const all = sut.fake.sent(chatId).map((m) => readable(m.text)).join('\n');
        expect(all, line.slice(0, 40)).toMatch(expected);
        expect(message.kind).toBe('text');
      }),
    );
    const long = sut.fake.sent(admin(15));
    expect(long.length).toBeGreaterThan(1);
    for (const part of long) expect(part.text?.length ?? 0).toBeLessThanOrEqual(4096);

    // Still serving: a fresh /status is answered.
    const chatId = admin(20);
    sut.fake.sendUserMessage({ chatId, userId: chatId, text: '/status' });
    expect(readable((await waitForMessage(sut.fake, chatId)).text)).toContain('Fleet status');
    expect(sut.fake.serverErrors).toEqual([]);
  });

  it('ignores plain chatter and commands addressed to another bot', async () => {
    const group = -5002;
    sut.fake.sendUserMessage({ chatId: group, userId: admin(4), text: 'hello everyone', chatType: 'group' });
    sut.fake.sendUserMessage({ chatId: group, userId: admin(4), text: '/status@some_other_bot', chatType: 'group' });
    sut.fake.sendUserMessage({ chatId: group, userId: admin(4), text: '/whoami', chatType: 'group' });
    const answer = await waitForMessage(sut.fake, group);
    expect(readable(answer.text)).toContain(`telegram:${admin(4)}`);
    // Anything still queued for this chat would go out before the answer to a later command.
    sut.fake.sendUserMessage({ chatId: group, userId: admin(4), text: '/help', chatType: 'group' });
    await waitForMessage(sut.fake, group, (m) => m.messageId !== answer.messageId);
    expect(sut.fake.sent(group)).toHaveLength(2);
    expect(sut.fake.sent(group).map((m) => readable(m.text)).join('\n')).not.toContain('Fleet status');
  });
});
