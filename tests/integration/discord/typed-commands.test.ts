/**
 * Discord's typed slash commands end to end: the real discord.js client against the fake gateway + REST, a real
 * CommandRouter with every command, simulated miners polled into a real SQLite file. What Discord registers, what it
 * suggests while someone types a miner's name, how typed options run, and what an upload Discord refuses turns into.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../../commands/index.js';
import { slashCommandsFrom } from '../../../src/chat/discord/slash-commands.js';
import type { DiscordRequest } from '../../fakes/discord-api.js';
import { ADMIN, forToken, shownOf, startDiscordRig, STRANGER, type DiscordRig } from './rig.js';

let rig: DiscordRig;
let names: string[] = [];

beforeAll(async () => {
  rig = await startDiscordRig({ models: ['gamma', 'supra'], logLevel: 'error' });
  names = rig.names;
}, 20_000);

afterAll(async () => {
  await rig?.close();
});

const callbackOf = (token: string): Promise<DiscordRequest> => rig.fake.waitForRequest((r) => forToken(token)(r) && r.path.includes('/callback'));
const answerOf = (token: string): Promise<DiscordRequest> => rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(token)(r), 10_000);
const choicesOf = (r: DiscordRequest): Array<{ name: string; value: string }> =>
  (r.json as { data?: { choices?: Array<{ name: string; value: string }> } }).data?.choices ?? [];

describe('Discord slash commands, typed', () => {
  it('registers exactly what the argument descriptions say, for every command', () => {
    const put = rig.fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put?.json).toEqual(JSON.parse(JSON.stringify(slashCommandsFrom(ALL_COMMANDS).commands)));
    const set = (put?.json as Array<{ name: string; default_member_permissions: string | null; contexts: number[] }>).find((c) => c.name === 'set');
    expect(set).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });

  it('suggests the configured miner names while someone types one, in a subcommand too', async () => {
    const all = rig.fake.sendAutocomplete({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: '', focused: true }] });
    const allAnswer = await callbackOf(all.interactionToken);
    expect(allAnswer.json).toMatchObject({ type: 8 });
    expect(choicesOf(allAnswer).map((c) => c.value)).toEqual([...names, 'all']);
    const second = names[1] ?? '';
    const typed = rig.fake.sendAutocomplete({
      userId: ADMIN, name: 'bench', options: [{ name: 'start', type: 1, options: [{ name: 'miner', type: 3, value: 'SUPR', focused: true }] }],
    });
    expect(choicesOf(await callbackOf(typed.interactionToken)).map((c) => c.value)).toEqual([second]);
  });

  it('suggests nothing to a stranger', async () => {
    const { interactionToken } = rig.fake.sendAutocomplete({ userId: STRANGER, name: 'status', options: [{ name: 'miner', type: 3, value: '', focused: true }] });
    expect(choicesOf(await callbackOf(interactionToken))).toEqual([]);
  });

  it('runs typed options as the words an owner would type', async () => {
    const first = names[0] ?? '';
    const { interactionToken } = rig.fake.sendCommand({
      userId: ADMIN, name: 'events', options: [{ name: 'miner', type: 3, value: first }, { name: 'count', type: 4, value: 5 }],
    });
    expect(shownOf(await answerOf(interactionToken))).toContain(`Events of ${first}`);
    const card = rig.fake.sendCommand({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: first }] });
    const answer = await answerOf(card.interactionToken);
    const embed = (answer.json as { embeds?: Array<{ title?: string; color?: number }> }).embeds?.[0];
    expect(embed?.title).toBe(first);
  });

  it('answers a usage error to the asker alone', async () => {
    const { interactionToken } = rig.fake.sendCommand({ userId: ADMIN, name: 'status', options: [{ name: 'miner', type: 3, value: 'nosuchminer' }] });
    expect((await callbackOf(interactionToken)).json).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownOf(await answerOf(interactionToken))).toContain('no miner called "nosuchminer"');
  });

  it('answers an export Discord refuses for its size (413) with why, the size, and what to ask for instead', async () => {
    const first = names[0] ?? '';
    rig.fake.setUploadLimit(100);
    try {
      const { interactionToken } = rig.fake.sendCommand({
        userId: ADMIN, name: 'export', options: [{ name: 'miner', type: 3, value: first }, { name: 'range', type: 3, value: '1h' }],
      });
      const said = await rig.fake.waitForRequest((r) => r.method === 'PATCH' && forToken(interactionToken)(r) && shownOf(r).includes('Discord refused'), 10_000);
      expect(shownOf(said)).toMatch(new RegExp(`Discord refused axepilot-${first}-1h\\.csv: it is [\\d.]+ MB: over the 10 MiB`));
      expect(shownOf(said)).toContain('gz');
      expect((said.json as { attachments?: unknown[] }).attachments).toEqual([]);
    } finally {
      rig.fake.setUploadLimit(null);
    }
  });
});
