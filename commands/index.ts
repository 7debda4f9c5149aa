import type { CommandDefinition } from '../src/chat/command.js';
import { chartCommand } from './chart.js';
import { eventsCommand } from './events.js';
import { exportCommand } from './export.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { minersCommand } from './miners.js';
import { statusCommand } from './status.js';
import { whoamiCommand } from './whoami.js';

/** Every chat command, in the order /help and the platforms' menus list them. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [
  statusCommand,
  minersCommand,
  chartCommand,
  historyCommand,
  eventsCommand,
  exportCommand,
  helpCommand,
  whoamiCommand,
];
