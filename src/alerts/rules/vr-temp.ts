import { temperatureRule } from './temperature.js';

/** The voltage regulator: the firmware trips at 105 °C; boards without a VR sensor read null and never alert. */
export const vrTempRule = temperatureRule({
  id: 'vrTemp',
  title: 'VR temperature',
  label: 'VR',
  read: (t) => t.vrTempC,
  warnKey: 'vrTempWarnC',
  critKey: 'vrTempCritC',
});
