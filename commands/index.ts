import type { CommandDefinition } from '../src/chat/command.js';
import { ackCommand } from './ack.js';
import { alertsCommand } from './alerts.js';
import { alerttestCommand } from './alerttest.js';
import { auditCommand } from './audit.js';
import { autopilotCommand } from './autopilot.js';
import { benchCommand } from './bench.js';
import { chartCommand } from './chart.js';
import { digestCommand } from './digest.js';
import { eventsCommand } from './events.js';
import { exportCommand } from './export.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { identifyCommand } from './identify.js';
import { minersCommand } from './miners.js';
import { muteCommand } from './mute.js';
import { pauseCommand } from './pause.js';
import { restartCommand } from './restart.js';
import { resumeCommand } from './resume.js';
import { setCommand } from './set.js';
import { snoozeCommand } from './snooze.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { subscribeCommand } from './subscribe.js';
import { undoCommand } from './undo.js';
import { unmuteCommand } from './unmute.js';
import { unsubscribeCommand } from './unsubscribe.js';
import { whoamiCommand } from './whoami.js';

/** Every chat command, in the order /help and the platforms' menus list them. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [
  statusCommand,
  minersCommand,
  chartCommand,
  historyCommand,
  eventsCommand,
  exportCommand,
  alertsCommand,
  ackCommand,
  snoozeCommand,
  muteCommand,
  unmuteCommand,
  subscribeCommand,
  unsubscribeCommand,
  alerttestCommand,
  digestCommand,
  setCommand,
  undoCommand,
  restartCommand,
  pauseCommand,
  resumeCommand,
  identifyCommand,
  auditCommand,
  benchCommand,
  autopilotCommand,
  helpCommand,
  whoamiCommand,
  startCommand,
];
