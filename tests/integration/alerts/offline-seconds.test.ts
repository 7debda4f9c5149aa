/**
 * `alerts.offlineSeconds` below the fleet's own 30 s offline verdict: the alert comes after the configured time, not
 * after 30 s (the review measured "offline, no answer for 30 s" with offlineSeconds 10). The rig sets it to 1 s so the
 * test takes seconds; the clock jumps 2 s, far short of 30.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ALERT_CHAT, startAlertRig, type AlertRig } from './alert-rig.js';

let rig: AlertRig;

beforeAll(async () => {
  rig = await startAlertRig(['supra']);
}, 60_000);

afterAll(async () => {
  await rig.close();
});

describe('offline alert below the fleet verdict', () => {
  it('fires after alerts.offlineSeconds, not after the fleet\'s 30 s', async () => {
    const miner = 'sim-supra-1';
    const failed = new Promise<void>((resolve) => {
      const off = rig.service.collector.bus.on('pollFailed', ({ miner: ref }) => {
        if (ref.name !== miner) return;
        off();
        resolve();
      });
    });
    rig.sim(miner).injectFault('offline');
    await failed;
    rig.clock.jump(2_000);
    await rig.message(ALERT_CHAT, `${miner}: offline, no answer for`, 10_000);
  }, 30_000);
});
