export { AlertEngine, type AlertEngineOptions } from './engine/engine.js';
export { AlertService, type AlertServiceOptions } from './engine/alert-service.js';
export type { ActiveAlert, AlertRecord, NotificationKind } from './engine/alert-record.js';
export {
  ALERT_ID_SEPARATOR,
  SNOOZE_LONG_MS,
  SNOOZE_SHORT_MS,
  splitAlertIds,
  type AlertNotification,
} from './engine/notification.js';
export { alertEmoji, formatAlertText, formatTestText, type AlertLine, type AlertTextInput } from './engine/format.js';
export { InMemoryAlertStateStore, type AlertStateStore } from './engine/state-store.js';
export type { Mute } from './engine/mutes.js';
export type { MinerBests } from './engine/observations.js';
export type { AlertRule, Condition, Severity } from './types.js';
export { ALERT_RULES } from './rules/index.js';
