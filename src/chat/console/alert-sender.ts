import type { AlertSender } from '../../alerts/dispatcher.js';
import { PlatformUnavailableError } from '../../messaging/errors.js';
import type { ConsoleAdapter } from './adapter.js';

/**
 * Alerts for the console chat are printed in the service's terminal, with their buttons as `/1`, `/2`…. When the
 * service runs without a terminal (Docker, systemd) nobody reads the console: its alerts are dropped rather than
 * queued for a window that will never open; /alerts and /events still list them.
 */
export function consoleAlertSender(console: ConsoleAdapter | null): AlertSender {
  return {
    send: (platform, _chatId, message) => {
      if (platform !== 'console') return Promise.reject(new PlatformUnavailableError(`axepilot cannot send to ${platform} chats here`));
      console?.render(message);
      return Promise.resolve();
    },
  };
}
