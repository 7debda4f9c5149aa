import { temperatureRule } from './temperature.js';

/** The firmware trips on either chip sensor (`temp` or `temp2`) above 75 °C, so the hotter one counts. */
export const chipTempRule = temperatureRule({
  id: 'chipTemp',
  title: 'chip temperature',
  label: 'chip',
  read: (t) => {
    const readings = [t.chipTempC, t.chipTemp2C].filter((v): v is number => v !== null);
    return readings.length === 0 ? null : Math.max(...readings);
  },
  warnKey: 'chipTempWarnC',
  critKey: 'chipTempCritC',
});
