import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../../src/chat/command.js';
import { botCommandsFrom, chatUserOf, isCommandForThisBot, normalizeApiRoot } from '../../../src/chat/telegram/updates.js';

const alice = { id: 1001, is_bot: false, first_name: 'Alice', last_name: 'Miner', username: 'alice' };

describe('chatUserOf', () => {
  it('reads a private chat', () => {
    expect(chatUserOf(alice, { id: 1001, type: 'private', first_name: 'Alice' })).toEqual({
      platform: 'telegram', id: '1001', displayName: 'Alice Miner', chatId: '1001', isGroup: false,
    });
  });

  it('keeps the user id in a group, so the user decides the role and not the chat', () => {
    const user = chatUserOf(alice, { id: -4242, type: 'group', title: 'Miners' });
    expect(user).toMatchObject({ id: '1001', chatId: '-4242', isGroup: true });
    expect(chatUserOf(alice, { id: -1001234567890, type: 'supergroup', title: 'Club' }).isGroup).toBe(true);
  });

  it('answers a press on an inline message in the presser\'s own chat', () => {
    expect(chatUserOf({ id: 7, is_bot: false, first_name: '' }, undefined)).toMatchObject({ chatId: '7', displayName: '7' });
  });
});

describe('isCommandForThisBot', () => {
  it.each([
    ['/status', true],
    ['/status gamma', true],
    ['/status@Axepilot_Test_Bot gamma', true],
    ['/status@other_bot', false],
    ['status', false],
    ['hello /status', false],
  ])('%s → %s', (text, expected) => {
    expect(isCommandForThisBot(text, 'axepilot_test_bot')).toBe(expected);
  });
});

function command(name: string, description: string): CommandDefinition {
  return { name, description, usage: `/${name}`, role: 'viewer', parse: () => ({}), run: () => Promise.resolve({ blocks: [] }) };
}

describe('botCommandsFrom', () => {
  it('lists commands within Telegram\'s limits and leaves out names it would refuse', () => {
    const { commands, skipped } = botCommandsFrom([
      command('status', 'Fleet table, or one miner in detail'),
      command('long', 'd'.repeat(300)),
      command('Bad-Name', 'x'),
      command('a'.repeat(33), 'x'),
      command('empty', '   '),
    ]);
    expect(commands.map((c) => c.command)).toEqual(['status', 'long', 'empty']);
    expect(commands[0]?.description).toBe('Fleet table, or one miner in detail');
    expect(commands[1]?.description).toHaveLength(256);
    expect(commands[2]?.description).toBe('/empty');
    expect(skipped).toEqual(['Bad-Name', 'a'.repeat(33)]);
  });
});

describe('normalizeApiRoot', () => {
  it.each([
    ['http://127.0.0.1:8081', 'http://127.0.0.1:8081', '/botT/getMe'],
    ['http://127.0.0.1:8081/', 'http://127.0.0.1:8081', '/botT/getMe'],
    ['https://tg.example.org/botapi', 'https://tg.example.org/botapi/', '/botapi/botT/getMe'],
    ['https://tg.example.org/botapi/', 'https://tg.example.org/botapi/', '/botapi/botT/getMe'],
  ])('%s → %s', (root, expected, path) => {
    const normalized = normalizeApiRoot(root);
    expect(normalized).toBe(expected);
    // How telegraf builds a method URL (telegraf/telegraf:src/core/network/client.ts).
    expect(new URL('./botT/getMe', normalized).pathname).toBe(path);
  });
});
