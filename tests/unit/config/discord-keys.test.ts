import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { problemsOf } from './problems-of.js';

describe('chat.discord config', () => {
  it('takes a server id for instant command registration and a role or person to ping on critical alerts', () => {
    const config = parseConfig({ chat: { discord: { guildId: '234567890123456789', criticalMention: '<@&345678901234567890>' } } }, {});
    expect(config.chat.discord).toMatchObject({ guildId: '234567890123456789', criticalMention: '<@&345678901234567890>' });
    expect(parseConfig({}, {}).chat.discord).toMatchObject({ guildId: null, criticalMention: null });
    expect(parseConfig({ chat: { discord: { criticalMention: 'user:345678901234567890' } } }, {}).chat.discord.criticalMention).toBe('user:345678901234567890');
  });

  it('says what a mention and a server id look like when they are wrong', () => {
    expect(problemsOf({ chat: { discord: { criticalMention: '@admins' } } }).join('\n')).toContain('must look like <@&ROLE_ID>');
    expect(problemsOf({ chat: { discord: { guildId: 'my server' } } }).join('\n')).toContain('Copy Server ID');
  });
});
