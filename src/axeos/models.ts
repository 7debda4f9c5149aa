/**
 * The Bitaxe family's boards, from AXEOS.md's model table and ESP-Miner's device_config.h. Used to fill in what old
 * firmware does not report (asicCount, options), for input-voltage windows, and by the simulator.
 */
export type AsicModel = 'BM1397' | 'BM1366' | 'BM1368' | 'BM1370';

export type ModelId = 'max' | 'ultra' | 'hex' | 'supra' | 'suprahex' | 'gamma' | 'gammaduo' | 'gammagt' | 'nerdqaxe++';

export interface MinerModel {
  id: ModelId;
  /** What the owner calls it. */
  name: string;
  /** `boardVersion` strings that identify it; NerdQAxe reports `deviceModel` instead. */
  boardVersions: readonly string[];
  asicModel: AsicModel;
  asicCount: number;
  smallCoresPerAsic: number;
  defaultFrequencyMhz: number;
  defaultCoreVoltageMv: number;
  frequencyOptionsMhz: readonly number[];
  voltageOptionsMv: readonly number[];
  /** Nominal input: 5 V or 12 V boards. */
  inputVoltageV: 5 | 12;
  /** Acceptable input voltage range in volts (community practice: 4.8–5.5 V, 11.4–12.6 V). */
  inputWindowV: readonly [number, number];
  /** What the board's supply and plug can carry, in watts (mrv777: 40 W "because of DC plug" on 5 V boards). */
  maxPowerW: number;
  firmware: 'esp-miner' | 'nerdqaxe';
}

const WINDOW_5V = [4.8, 5.5] as const;
const WINDOW_12V = [11.4, 12.6] as const;
const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
};

const BM1366_FREQ = [400, 425, 450, 475, 485, 500, 525, 550, 575];
const BM1366_VOLT = [1100, 1150, 1200, 1250, 1300];
const BM1368_FREQ = [400, 425, 450, 475, 490, 500, 525, 550, 575];
const BM1368_VOLT = [1100, 1150, 1166, 1200, 1250, 1300];
const BM1370_FREQ = [400, 490, 525, 550, 600, 625];
const BM1370_VOLT = [1000, 1060, 1100, 1150, 1200, 1250];

export const MODELS: readonly MinerModel[] = [
  {
    id: 'max', name: 'Bitaxe Max', boardVersions: ['102'], asicModel: 'BM1397', asicCount: 1, smallCoresPerAsic: 672,
    defaultFrequencyMhz: 425, defaultCoreVoltageMv: 1400, frequencyOptionsMhz: range(400, 600, 25),
    voltageOptionsMv: range(1100, 1500, 50), inputVoltageV: 5, inputWindowV: WINDOW_5V, maxPowerW: 40, firmware: 'esp-miner',
  },
  {
    id: 'ultra', name: 'Bitaxe Ultra', boardVersions: ['201', '202', '203', '204', '205', '206', '207'], asicModel: 'BM1366',
    asicCount: 1, smallCoresPerAsic: 894, defaultFrequencyMhz: 485, defaultCoreVoltageMv: 1200,
    frequencyOptionsMhz: BM1366_FREQ, voltageOptionsMv: BM1366_VOLT, inputVoltageV: 5, inputWindowV: WINDOW_5V,
    maxPowerW: 40, firmware: 'esp-miner',
  },
  {
    id: 'hex', name: 'Bitaxe Hex', boardVersions: ['302', '303'], asicModel: 'BM1366', asicCount: 6, smallCoresPerAsic: 894,
    defaultFrequencyMhz: 485, defaultCoreVoltageMv: 1200, frequencyOptionsMhz: BM1366_FREQ, voltageOptionsMv: BM1366_VOLT,
    inputVoltageV: 12, inputWindowV: WINDOW_12V, maxPowerW: 120, firmware: 'esp-miner',
  },
  {
    id: 'supra', name: 'Bitaxe Supra', boardVersions: ['400', '401', '402', '403'], asicModel: 'BM1368', asicCount: 1,
    smallCoresPerAsic: 1276, defaultFrequencyMhz: 490, defaultCoreVoltageMv: 1166, frequencyOptionsMhz: BM1368_FREQ,
    voltageOptionsMv: BM1368_VOLT, inputVoltageV: 5, inputWindowV: WINDOW_5V, maxPowerW: 40, firmware: 'esp-miner',
  },
  {
    id: 'suprahex', name: 'Bitaxe SupraHex', boardVersions: ['701', '702'], asicModel: 'BM1368', asicCount: 6,
    smallCoresPerAsic: 1276, defaultFrequencyMhz: 490, defaultCoreVoltageMv: 1166, frequencyOptionsMhz: BM1368_FREQ,
    voltageOptionsMv: BM1368_VOLT, inputVoltageV: 12, inputWindowV: WINDOW_12V, maxPowerW: 120, firmware: 'esp-miner',
  },
  {
    id: 'gamma', name: 'Bitaxe Gamma', boardVersions: ['600', '601', '602', '603'], asicModel: 'BM1370', asicCount: 1,
    smallCoresPerAsic: 2040, defaultFrequencyMhz: 525, defaultCoreVoltageMv: 1150, frequencyOptionsMhz: BM1370_FREQ,
    voltageOptionsMv: BM1370_VOLT, inputVoltageV: 5, inputWindowV: WINDOW_5V, maxPowerW: 40, firmware: 'esp-miner',
  },
  {
    id: 'gammaduo', name: 'Bitaxe GammaDuo', boardVersions: ['650'], asicModel: 'BM1370', asicCount: 2,
    smallCoresPerAsic: 2040, defaultFrequencyMhz: 400, defaultCoreVoltageMv: 1150, frequencyOptionsMhz: [350, 375, 400, 410],
    voltageOptionsMv: BM1370_VOLT, inputVoltageV: 5, inputWindowV: WINDOW_5V, maxPowerW: 40, firmware: 'esp-miner',
  },
  {
    id: 'gammagt', name: 'Bitaxe Gamma GT', boardVersions: ['801'], asicModel: 'BM1370', asicCount: 2,
    smallCoresPerAsic: 2040, defaultFrequencyMhz: 525, defaultCoreVoltageMv: 1150, frequencyOptionsMhz: BM1370_FREQ,
    voltageOptionsMv: BM1370_VOLT, inputVoltageV: 12, inputWindowV: WINDOW_12V, maxPowerW: 80, firmware: 'esp-miner',
  },
  {
    id: 'nerdqaxe++', name: 'NerdQAxe++', boardVersions: [], asicModel: 'BM1370', asicCount: 4, smallCoresPerAsic: 2040,
    defaultFrequencyMhz: 600, defaultCoreVoltageMv: 1150, frequencyOptionsMhz: [500, 525, 550, 575, 600],
    voltageOptionsMv: [1120, 1150, 1170, 1200], inputVoltageV: 12, inputWindowV: [11.6, 12.4], maxPowerW: 100,
    firmware: 'nerdqaxe',
  },
];

export function modelById(id: string): MinerModel | undefined {
  const key = id.trim().toLowerCase().replace(/\s+/g, '');
  return MODELS.find((m) => m.id === key || m.name.toLowerCase().replace(/\s+/g, '') === key || m.name.toLowerCase().replace(/^bitaxe\s*/, '') === key);
}

/** Finds the board from what `/api/system/info` says of itself; the ASIC alone decides only when unambiguous. */
export function identifyModel(hints: { boardVersion?: string | null; deviceModel?: string | null; asicModel?: string | null; asicCount?: number | null }): MinerModel | undefined {
  if (hints.deviceModel && /nerdq/i.test(hints.deviceModel)) return modelById('nerdqaxe++');
  if (hints.boardVersion) {
    const board = MODELS.find((m) => m.boardVersions.includes(hints.boardVersion ?? ''));
    if (board) return board;
  }
  if (hints.asicModel) {
    const candidates = MODELS.filter((m) => m.asicModel === hints.asicModel && m.firmware === 'esp-miner');
    const byCount = hints.asicCount ? candidates.filter((m) => m.asicCount === hints.asicCount) : candidates;
    if (byCount.length >= 1) return byCount[0];
  }
  return undefined;
}

/** Expected hashrate in GH/s: frequency × small cores × ASICs / 1000 (ESP-Miner power_management_task.c). */
export function expectedHashrateGhs(frequencyMhz: number, smallCoresPerAsic: number, asicCount: number): number {
  return (frequencyMhz * smallCoresPerAsic * asicCount) / 1000;
}
