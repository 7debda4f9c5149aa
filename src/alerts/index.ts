export { AlertEngine, type AlertEngineOptions } from './engine.js';
export { AlertService, type AlertServiceOptions } from './alert-service.js';
export type { ActiveAlert, AlertRecord, NotificationKind } from './alert-record.js';
export {
  ALERT_ID_SEPARATOR,
  SNOOZE_LONG_MS,
  SNOOZE_SHORT_MS,
  splitAlertIds,
  type AlertButton,
  type AlertNotification,
} from './notification.js';
export { alertEmoji, formatAlertText, formatTestText, type AlertLine, type AlertTextInput } from './format.js';
export { InMemoryAlertStateStore, type AlertStateStore } from './state-store.js';
export type { Mute } from './mutes.js';
export type { MinerBests } from './observations.js';
export type { AlertRule, Condition, Severity } from './types.js';
export { ALERT_RULES } from './rules/index.js';
