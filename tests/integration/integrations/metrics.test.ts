import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition, samplesOf, valueOf, type Family } from './prometheus-text.js';
import { startIntegrationRig, type IntegrationRig } from './rig.js';

const BASE_UNIT_SUFFIX = /_(hashes_per_second|watts|volts|amperes|hertz|celsius|ratio|total|seconds|difficulty|rpm|dbm|joules_per_terahash|info|up|paused|pool|overheat|fault)$/;

function minerSeries(families: Map<string, Family>, name: string): number {
  let n = 0;
  for (const family of families.values()) n += family.samples.filter((s) => s.labels.name === name).length;
  return n;
}

describe('GET /metrics', () => {
  let rig: IntegrationRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('exposes every miner family in base units from the last poll; a miner with no reading has only up 0', async () => {
    rig = await startIntegrationRig({ models: ['gamma', 'ultra'], deadMiners: 1 });
    const response = await rig.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('text/plain; version=0.0.4');
    const families = parseExposition(response.body);

    for (const family of families.values()) {
      if (!family.name.startsWith('axepilot_miner_')) continue;
      expect(family.name, family.name).toMatch(BASE_UNIT_SUFFIX);
      expect(family.type === 'COUNTER', family.name).toBe(family.name.endsWith('_total'));
    }
    expect(families.get('axepilot_miner_up')?.type).toBe('GAUGE');
    expect(families.get('axepilot_miner_energy_joules_total')?.type).toBe('COUNTER');
    expect(families.get('axepilot_miner_shares_accepted_total')?.type).toBe('COUNTER');
    expect(families.get('axepilot_poll_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(families.get('axepilot_build_info')?.samples[0]?.labels.version).toMatch(/^\d+\.\d+\.\d+/);

    const gamma = 'sim-gamma-1';
    const loop = rig.service.collector.find(gamma);
    const t = loop?.latestTelemetry;
    expect(t).toBeTruthy();
    expect(valueOf(families, 'axepilot_miner_up', gamma)).toBe(1);
    // Base units: a Gamma hashes at ~1.2 TH/s = 1.2e12 H/s, sets ~525 MHz = 5.25e8 Hz and ~1.15 V.
    expect(valueOf(families, 'axepilot_miner_hashrate_hashes_per_second', gamma)).toBeGreaterThan(1e11);
    expect(valueOf(families, 'axepilot_miner_asic_frequency_hertz', gamma)).toBe((t?.frequencyMhz ?? 0) * 1e6);
    expect(valueOf(families, 'axepilot_miner_core_voltage_setpoint_volts', gamma)).toBeCloseTo((t?.coreVoltageMv ?? 0) / 1000, 6);
    const fan = valueOf(families, 'axepilot_miner_fan_speed_ratio', gamma) ?? -1;
    expect(fan).toBeGreaterThanOrEqual(0);
    expect(fan).toBeLessThanOrEqual(1);
    const sensors = samplesOf(families, 'axepilot_miner_temperature_celsius', gamma).map((s) => s.labels.sensor);
    expect(sensors).toEqual(expect.arrayContaining(['asic', 'vr']));
    const info = samplesOf(families, 'axepilot_miner_info', gamma)[0];
    expect(info?.labels).toMatchObject({ model: 'gamma', firmware: t?.firmware });
    expect(info?.labels.miner).toMatch(/^[0-9a-f]{12}$/);
    // About 35 series per miner (the cardinality a 1,000-miner farm plans for).
    expect(minerSeries(families, gamma)).toBeGreaterThanOrEqual(28);
    expect(minerSeries(families, gamma)).toBeLessThanOrEqual(40);

    // The miner that never answered: up 0 and nothing else made up for it.
    expect(valueOf(families, 'axepilot_miner_up', 'dead-1')).toBe(0);
    expect(valueOf(families, 'axepilot_miner_hashrate_hashes_per_second', 'dead-1')).toBeUndefined();
    expect(minerSeries(families, 'dead-1')).toBe(1);
    const deadErrors = families.get('axepilot_poll_errors_total')?.samples.filter((s) => s.labels.miner === 'name_dead_1') ?? [];
    expect(deadErrors[0]?.labels.reason).toBe('unreachable');
  });

  it('reads the last poll: scrapes with the poller stopped still show it, and ask no miner anything', async () => {
    rig = await startIntegrationRig({ models: ['gamma'] });
    await rig.service.collector.stop();
    const sim = rig.sims.miners[0]!;
    let requests = 0;
    const handle = sim.device.handle.bind(sim.device);
    sim.device.handle = (request) => {
      requests++;
      return handle(request);
    };
    for (let i = 0; i < 3; i++) {
      const families = parseExposition((await rig.get('/metrics')).body);
      expect(valueOf(families, 'axepilot_miner_hashrate_hashes_per_second', 'sim-gamma-1')).toBeGreaterThan(1e11);
    }
    expect(requests).toBe(0);
  });

  it('a miner removed from the config disappears from the next scrape', async () => {
    rig = await startIntegrationRig({ models: ['gamma', 'supra'] });
    let families = parseExposition((await rig.get('/metrics')).body);
    expect(valueOf(families, 'axepilot_miner_up', 'sim-supra-1')).toBe(1);
    await rig.restart((config) => {
      config.miners = config.miners.filter((m) => m.name !== 'sim-supra-1');
    });
    families = parseExposition((await rig.get('/metrics')).body);
    expect(valueOf(families, 'axepilot_miner_up', 'sim-gamma-1')).toBe(1);
    expect(minerSeries(families, 'sim-supra-1')).toBe(0);
  });

  it('the energy counter survives a restart on the same database', async () => {
    rig = await startIntegrationRig({ models: ['gamma'] });
    const energy = async (): Promise<number> =>
      valueOf(parseExposition((await rig!.get('/metrics')).body), 'axepilot_miner_energy_joules_total', 'sim-gamma-1') ?? 0;
    // A few polls' worth of power integrated (a Gamma draws ~15 W: ~7 J per 0.5 s poll).
    const { nextFleetEvent } = await import('./rig.js');
    for (let i = 0; i < 3; i++) await nextFleetEvent(rig.service, 'sample', (n) => n === 'sim-gamma-1');
    const before = await energy();
    expect(before).toBeGreaterThan(0);
    // Nobody watched for an hour: the restart does not count it.
    await rig.restart(() => rig!.clock.jump(3_600_000));
    const after = await energy();
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after).toBeLessThan(before + 1_000);
  });

  it('service discovery lists the configured miners; a token, when set, is required', async () => {
    rig = await startIntegrationRig({ models: ['gamma'], config: { http: { enabled: true, listen: '127.0.0.1:0', token: 's3cret' } } });
    expect((await rig.get('/metrics')).status).toBe(401);
    expect((await rig.get('/healthz', 'wrong')).status).toBe(401);
    const sd = await rig.get('/sd/miners', 's3cret');
    expect(sd.status).toBe(200);
    const groups = JSON.parse(sd.body) as Array<{ targets: string[]; labels: Record<string, string> }>;
    const port = new URL(rig.sims.miners[0]!.url).port;
    expect(groups).toEqual([{ targets: [`127.0.0.1:${port}`], labels: expect.objectContaining({ name: 'sim-gamma-1', model: 'gamma' }) as unknown }]);
    expect(rig.logLines.join('\n')).not.toContain('s3cret');
  });
});
