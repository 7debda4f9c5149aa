import type { MinerModel } from '../axeos/models.js';
import { ASIC_PHYSICS, SHARES, type BoardSpec } from './calibration.js';
import { firmwareFloat, suffixDifficulty, type JsonValue } from './json-format.js';
import type { PhysicsSnapshot } from './physics.js';
import type { FirmwareProfile } from './profiles.js';
import { SeededRandom } from './random.js';
import type { FlashSettings } from './settings.js';
import type { ShareCounters } from './share-counters.js';

/** Everything `/api/system/info` and `/api/system/asic` are built from, at one instant. */
export interface InfoContext {
  profile: FirmwareProfile;
  model: MinerModel;
  board: BoardSpec;
  settings: FlashSettings;
  physics: PhysicsSnapshot;
  counters: ShareCounters;
  seed: number;
  mac: string;
  ipv4: string;
  nowMs: number;
  uptimeS: number;
  resetReason: string;
}

/** Housekeeping values (heap, RSSI, pool latency) wander a little, the same way for the same seed and second. */
export function wander(context: InfoContext, channel: string): number {
  return SeededRandom.derive(context.seed + Math.floor(context.nowMs / 1000) * 7919, channel).uniform(-1, 1);
}

export function blockHeight(nowMs: number): number {
  return SHARES.blockHeightAt2026 + Math.max(0, Math.floor((nowMs - Date.UTC(2026, 0, 1)) / 600_000));
}

function bestDiffValue(profile: FirmwareProfile, value: number): JsonValue {
  return profile.bestDiff === 'suffix-string' ? suffixDifficulty(value) : value;
}

/** The ESP-Miner `/api/system/info`, keys in the firmware's order (the v2.10.1 and v2.12.2 fixtures). */
export function espMinerInfo(context: InfoContext): Record<string, JsonValue> {
  const { profile, model, board, settings, physics, counters } = context;
  const modern = profile.id !== '2.10';
  const f = (value: number): number => firmwareFloat(value, profile.floats);
  const { sensors, hashrate } = physics;
  const info: Record<string, JsonValue> = {
    power: f(sensors.powerW),
    voltage: f(sensors.inputVoltageMv),
    current: f(sensors.currentMa),
    temp: f(sensors.chipC),
    temp2: profile.temp2NoReading ?? -1,
    vrTemp: sensors.vrC ?? 0,
    maxPower: model.maxPowerW,
    nominalVoltage: model.inputVoltageV,
    hashRate: f(hashrate.hashRate),
  };
  if (profile.rollingHashrates) {
    info.hashRate_1m = f(hashrate.hashRate1m);
    info.hashRate_10m = f(hashrate.hashRate10m);
    info.hashRate_1h = f(hashrate.hashRate1h);
  }
  info.expectedHashrate = f(physics.expectedHashrateGhs);
  if (profile.errorPercentage) info.errorPercentage = f(physics.measuredErrorPct);
  info.bestDiff = bestDiffValue(profile, counters.bestDiff);
  info.bestSessionDiff = bestDiffValue(profile, counters.bestSessionDiff);
  info.poolDifficulty = counters.poolDifficulty;
  info.isUsingFallbackStratum = 0;
  if (modern) info.poolAddrFamily = 2;
  info.isPSRAMAvailable = 1;
  const freeHeap = Math.round(8_300_000 + 60_000 * wander(context, 'heap'));
  info.freeHeap = freeHeap;
  if (modern) {
    info.freeHeapInternal = Math.round(104_000 + 2_000 * wander(context, 'heap-internal'));
    info.freeHeapSpiram = freeHeap - 72_000;
  }
  info.coreVoltage = settings.coreVoltageMv;
  info.coreVoltageActual = sensors.coreVoltageActualMv;
  info.frequency = f(settings.frequencyMhz);
  if (profile.actualFrequency) info.actualFrequency = f(physics.actualFrequencyMhz);
  info.ssid = settings.ssid;
  info.macAddr = context.mac;
  info.hostname = settings.hostname;
  if (modern) {
    info.ipv4 = context.ipv4;
    info.ipv6 = `FE80::${context.mac.replace(/:/g, '').slice(0, 4)}:${context.mac.replace(/:/g, '').slice(4, 8)}:FE44:B2F0`;
  }
  info.wifiStatus = 'Connected!';
  info.wifiRSSI = Math.round(-48 + 6 * wander(context, 'rssi'));
  info.apEnabled = 0;
  info.sharesAccepted = counters.accepted;
  info.sharesRejected = counters.rejected;
  info.sharesRejectedReasons = [...counters.rejectReasons].map(([message, count]) => ({ message, count }));
  info.uptimeSeconds = context.uptimeS;
  if (profile.asicCountInInfo) info.asicCount = model.asicCount;
  info.smallCoreCount = model.smallCoresPerAsic;
  info.ASICModel = model.asicModel;
  Object.assign(info, stratumKeys(settings));
  info.responseTime = f(30 + 8 * wander(context, 'latency'));
  info.version = profile.version;
  info.axeOSVersion = profile.version;
  info.idfVersion = profile.idfVersion;
  info.boardVersion = board.boardVersion;
  if (modern) info.resetReason = context.resetReason;
  info.runningPartition = 'ota_1';
  info.overheat_mode = settings.overheatMode;
  if (profile.pauseResume) info.miningPaused = physics.paused;
  info.overclockEnabled = settings.overclockEnabled;
  info.display = settings.display;
  info.rotation = settings.rotation;
  info.invertscreen = settings.invertscreen;
  info.displayTimeout = settings.displayTimeout;
  info.autofanspeed = settings.fanMode;
  info.fanspeed = profile.fanSpeedFloat ? f(physics.fanDutyPct) : Math.round(physics.fanDutyPct);
  if (modern) info.manualFanSpeed = settings.manualFanPct;
  info.minFanSpeed = settings.minFanPct;
  info.temptarget = settings.tempTargetC;
  info.fanrpm = sensors.fanRpm;
  if (modern) info.fan2rpm = 0;
  info.statsFrequency = settings.statsFrequency;
  if (modern) {
    info.blockFound = counters.blockFound;
    info.blockHeight = blockHeight(context.nowMs);
    info.scriptsig = '...._i.F.W...ckpool./solo.ckpool.org/';
    info.networkDifficulty = SHARES.networkDifficulty;
    info.hashrateMonitor = { asics: hashrateMonitor(context, f) };
  }
  if (profile.poolsArray) {
    info.pools = [
      { url: settings.stratumURL, port: settings.stratumPort, user: settings.stratumUser, active: true },
      { url: settings.fallbackStratumURL, port: settings.fallbackStratumPort, user: settings.fallbackStratumUser, active: false },
    ];
  }
  return info;
}

function stratumKeys(settings: FlashSettings): Record<string, JsonValue> {
  return {
    stratumURL: settings.stratumURL,
    stratumPort: settings.stratumPort,
    stratumUser: settings.stratumUser,
    stratumSuggestedDifficulty: settings.stratumSuggestedDifficulty,
    stratumExtranonceSubscribe: settings.stratumExtranonceSubscribe,
    fallbackStratumURL: settings.fallbackStratumURL,
    fallbackStratumPort: settings.fallbackStratumPort,
    fallbackStratumUser: settings.fallbackStratumUser,
    fallbackStratumSuggestedDifficulty: settings.fallbackStratumSuggestedDifficulty,
    fallbackStratumExtranonceSubscribe: settings.fallbackStratumExtranonceSubscribe,
  };
}

/** Per-ASIC totals split over the hash domains, as the 2.12 fixture's `hashrateMonitor` shows them. */
export function hashrateMonitor(context: InfoContext, f: (value: number) => number): JsonValue[] {
  const { model, physics, counters } = context;
  const domains = ASIC_PHYSICS[model.asicModel].hashDomains;
  return Array.from({ length: model.asicCount }, (_, asic) => {
    const total = physics.hashrate.hashRate / model.asicCount;
    const split = Array.from({ length: domains }, (_, d) => f((total / domains) * (1 + 0.03 * wander(context, `domain-${asic}-${d}`))));
    return { total: f(total), domains: split, errorCount: Math.round(counters.asicErrorCount / model.asicCount) };
  });
}

/** `/api/system/asic` (2.7+): the device's own allowed settings. */
export function asicInfo(context: Pick<InfoContext, 'profile' | 'model' | 'board'>): Record<string, JsonValue> {
  const { profile, model, board } = context;
  const info: Record<string, JsonValue> = {
    ASICModel: model.asicModel,
    deviceModel: board.deviceModel,
    asicCount: model.asicCount,
    swarmColor: board.swarmColor,
  };
  if (profile.id !== '2.10') info.hashDomains = ASIC_PHYSICS[model.asicModel].hashDomains;
  info.defaultFrequency = model.defaultFrequencyMhz;
  info.frequencyOptions = [...model.frequencyOptionsMhz];
  info.defaultVoltage = model.defaultCoreVoltageMv;
  info.voltageOptions = [...model.voltageOptionsMv];
  return info;
}
