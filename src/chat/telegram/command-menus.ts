/**
 * Telegram's command menu per audience (https://core.telegram.org/bots/api#botcommandscope): everyone sees the viewer
 * commands (default scope); each admin sees the admin commands too, in their private chat with the bot
 * (`BotCommandScopeChat` with their user id, which is their private chat's id). The role check on every command stays
 * the safeguard; the menu only shows each person what they can use.
 */
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import { telegramUserIdOf, type Role } from '../identity.js';
import type { CommandDefinition } from '../command.js';
import { botCommandsFrom } from './updates.js';

export interface CommandMenu {
  scope: BotCommandScope;
  commands: BotCommand[];
}

export interface MenuSource {
  commandsFor(role: Role): CommandDefinition[];
  usersWithRole(role: 'admin' | 'viewer'): readonly string[];
}

/** The menus to publish, default scope first; `skipped` names commands Telegram would refuse. */
export function commandMenus(source: MenuSource): { menus: CommandMenu[]; skipped: string[] } {
  const listed = (role: Role): CommandDefinition[] => source.commandsFor(role).filter((c) => c.listed !== false);
  const viewer = botCommandsFrom(listed('viewer'));
  const admin = botCommandsFrom(listed('admin'));
  const menus: CommandMenu[] = [{ scope: { type: 'default' }, commands: viewer.commands }];
  for (const key of source.usersWithRole('admin')) {
    const userId = telegramUserIdOf(key);
    if (userId !== null) menus.push({ scope: { type: 'chat', chat_id: userId }, commands: admin.commands });
  }
  return { menus, skipped: [...new Set([...viewer.skipped, ...admin.skipped])] };
}
