import { describe, expect, it } from 'vitest';
import { alertFactsOf, alertFields } from '../../../src/messaging/channels/alert-fields.js';

const alert = {
  notificationId: 'n1', kind: 'firing', rule: 'chipTemp', severity: 'critical', alertIds: 'a1+a2', createdAt: 1,
  miners: ['Anna, garage', 'gamma'],
  readings: [
    { miner: 'Anna, garage', value: 76.3, summary: 'chip 76.3 °C (critical ≥ 75 °C)' },
    { miner: 'gamma', value: null, summary: 'chip — (no reading)' },
  ],
};

describe("an alert's facts in a message's fields", () => {
  it('read back as they were written, a miner name with a comma in it included', () => {
    expect(alertFactsOf(alertFields(alert))).toEqual({
      id: 'a1+a2', notificationId: 'n1', rule: 'chipTemp', state: 'firing', severity: 'critical',
      miners: ['Anna, garage', 'gamma'],
      values: { 'Anna, garage': 76.3, gamma: null },
      summaries: { 'Anna, garage': 'chip 76.3 °C (critical ≥ 75 °C)', gamma: 'chip — (no reading)' },
    });
  });

  it('still read from a row that waited in the outbox since the miners were joined by commas', () => {
    const old = { ...alertFields(alert), miners: 'alpha,gamma' };
    expect(alertFactsOf(old)?.miners).toEqual(['alpha', 'gamma']);
  });
});
