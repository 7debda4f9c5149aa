import type { AsicModel, ModelId } from '../axeos/models.js';

/**
 * Every constant of the simulated physics, in one place so docs/simulator.md can name each one and its source.
 * Calibration points (AXEOS.md "Real operating points" and the captured fixtures): Gamma stock 525 MHz / 1150 mV ≈
 * 1072 GH/s, 18.8 W, chip 60 °C at ~48 % fan, VR 62 °C; Gamma 625 MHz / 1250 mV ≈ 22.2 W; Hex ≈ 58 W at 525 MHz;
 * SupraHex ≈ 60 W. The Gamma fixture (v2.12.2) also fixes the power split: current 12.0 A × coreVoltageActual 1.144 V
 * = 13.75 W on the ASIC rail + the firmware's fixed 5 W = the reported 18.75 W.
 */

export interface AsicPhysics {
  /** Minimum stable core voltage at 60 °C: intercept + slope × frequency (before the per-device offset). */
  vminInterceptMv: number;
  vminSlopeMvPerMhz: number;
  /** Dynamic power of one chip in W per (V² × MHz). */
  dynamicW: number;
  /** Static power (leakage and uncore) of one chip in W per volt at 60 °C. */
  staticWPerV: number;
  /** Hash domains per chip, as `hashrateMonitor` and `/api/system/asic` report them. */
  hashDomains: number;
}

// BM1370 fitted to the two Gamma points (18.8 W at 525/1150 and 22.2 W at 625/1250, both at a PID-held 60 °C).
// BM1366 to the Hex fixture (58 W at 525/1200), BM1368 to the Supra (≈12 W at 490/1166) and SupraHex (≈60 W), BM1397
// to the Max (≈14 W at 425/1400). Vmin lines put stock settings ~90–125 mV above the knee, as the community's
// undervolting results suggest (stock Gammas usually run clean down to ~1060–1100 mV).
export const ASIC_PHYSICS: Readonly<Record<AsicModel, AsicPhysics>> = {
  BM1370: { vminInterceptMv: 680, vminSlopeMvPerMhz: 0.7, dynamicW: 0.00991, staticWPerV: 6.02, hashDomains: 4 },
  BM1368: { vminInterceptMv: 700, vminSlopeMvPerMhz: 0.75, dynamicW: 0.00886, staticWPerV: 1.7, hashDomains: 4 },
  BM1366: { vminInterceptMv: 720, vminSlopeMvPerMhz: 0.8, dynamicW: 0.00757, staticWPerV: 1.59, hashDomains: 4 },
  BM1397: { vminInterceptMv: 850, vminSlopeMvPerMhz: 1.0, dynamicW: 0.00929, staticWPerV: 1.38, hashDomains: 1 },
};

/** Per-device spread of the silicon: Vmin offset, error floor, power and cooling scatter. */
export const SILICON_SPREAD = {
  vminOffsetMv: 30,
  errorFloorPct: [0.1, 0.5] as const,
  dynamicPowerFraction: 0.02,
  staticPowerFraction: 0.06,
  coolingFraction: 0.06,
  /** Extra Vmin per °C above 60 °C: hot silicon needs slightly more voltage. */
  vminTempCoefMvPerC: 0.5,
  /**
   * The knee's slope per MHz, as a factor on the ASIC's line: owners' published sweeps put BM1370 knees 0.5–1.0 mV/MHz
   * apart, chip to chip. It turns about the pivot frequency.
   */
  vminSlopeFactor: [0.75, 1.35] as const,
  vminSlopePivotMhz: 525,
  /** Chip-to-chip hot-spot spread on multi-chip boards (°C, ±). */
  chipSpreadC: 2,
} as const;

/**
 * Errors above the floor follow a logistic in the voltage deficit, +2 % at Vmin. Its width (mV per e-fold) is drawn per
 * device from 6–20 mV: owners' published error curves (issue 9) put the climb from the floor to the 2 % gate at 12–18 mV
 * on the same scale where the simulator used 9 mV for every chip, which made any fixed margin below the gate look
 * cheap; the range covers sharper and softer chips than those.
 */
export const ERROR_CURVE = { kneeExtraPct: 2, widthMv: [6, 20] as const } as const;

/**
 * The static part is uncore plus leakage; only the leakage share grows with temperature, × exp((T − 60) / 50) (doubling
 * every ~35 °C), capped at 120 °C. Small enough that the loop stays stable even with the airflow blocked.
 */
export const LEAKAGE = { share: 0.4, tempScaleC: 50, capC: 120 } as const;

export interface BoardSpec {
  boardVersion: string;
  /** `deviceModel` in `/api/system/asic` (and in `/info` on NerdQAxe). */
  deviceModel: string;
  swarmColor: string;
  /** Boards without a VR temperature sensor report `vrTemp` 0 (Max, most Ultra, Supra 400/401). */
  hasVrSensor: boolean;
  /** TPS546 boards report ASIC-rail current and rail power + the fixed offset; INA260 boards measure the input. */
  powerSensor: 'tps546' | 'ina260';
  /** ESP32, display, fan and conversion losses that do not scale with the ASIC (W). On TPS546 5 V boards this is the
   * firmware's own fixed +5 W. */
  boardOverheadW: number;
  /** Share of the input that reaches the ASICs; 1 where the firmware's fixed offset already stands for the losses. */
  regulatorEfficiency: number;
  regulatorMaxMv: number;
  fanMaxRpm: number;
  /** Time constant of the chip heatsink at 50 % fan (s). */
  chipTimeConstantS: number;
}

const FIVE_VOLT_TPS: Omit<BoardSpec, 'boardVersion' | 'deviceModel' | 'swarmColor'> = {
  hasVrSensor: true, powerSensor: 'tps546', boardOverheadW: 5, regulatorEfficiency: 1, regulatorMaxMv: 1400,
  fanMaxRpm: 8100, chipTimeConstantS: 30,
};
const FIVE_VOLT_INA: Omit<BoardSpec, 'boardVersion' | 'deviceModel' | 'swarmColor'> = {
  hasVrSensor: false, powerSensor: 'ina260', boardOverheadW: 3, regulatorEfficiency: 0.88, regulatorMaxMv: 1400,
  fanMaxRpm: 7000, chipTimeConstantS: 30,
};
const TWELVE_VOLT: Omit<BoardSpec, 'boardVersion' | 'deviceModel' | 'swarmColor'> = {
  hasVrSensor: true, powerSensor: 'tps546', boardOverheadW: 6, regulatorEfficiency: 0.88, regulatorMaxMv: 1400,
  fanMaxRpm: 6000, chipTimeConstantS: 45,
};

export const BOARDS: Readonly<Record<ModelId, BoardSpec>> = {
  max: { ...FIVE_VOLT_INA, boardVersion: '102', deviceModel: 'Max', swarmColor: 'red', regulatorMaxMv: 1600 },
  ultra: { ...FIVE_VOLT_INA, boardVersion: '204', deviceModel: 'Ultra', swarmColor: 'purple' },
  hex: { ...TWELVE_VOLT, boardVersion: '302', deviceModel: 'UltraHex', swarmColor: 'orange' },
  supra: { ...FIVE_VOLT_INA, boardVersion: '401', deviceModel: 'Supra', swarmColor: 'blue' },
  suprahex: { ...TWELVE_VOLT, boardVersion: '701', deviceModel: 'SupraHex', swarmColor: 'yellow' },
  gamma: { ...FIVE_VOLT_TPS, boardVersion: '601', deviceModel: 'Gamma', swarmColor: 'green' },
  gammaduo: { ...FIVE_VOLT_TPS, boardVersion: '650', deviceModel: 'GammaDuo', swarmColor: 'teal' },
  gammagt: { ...TWELVE_VOLT, boardVersion: '801', deviceModel: 'GammaTurbo', swarmColor: 'cyan', regulatorEfficiency: 0.9 },
  'nerdqaxe++': { ...TWELVE_VOLT, boardVersion: '', deviceModel: 'NerdQAxe++', swarmColor: 'purple' },
};

/**
 * Cooling: chip-to-air conductance G(fan) = G50 × (NATURAL + FORCED × (airflow/100)^0.8) W/K, where G50 is chosen so
 * that the model's stock settings hold 60 °C at 50 % fan in 25 °C air (the Gamma fixture: 60 °C at 48 %). With the
 * fan stopped only natural convection remains (30 %), at 100 % the heatsink sheds 1.52 × G50.
 */
export const COOLING = {
  calibrationAmbientC: 25,
  calibrationChipC: 60,
  naturalShare: 0.3,
  forcedShare: 0.7 / Math.pow(0.5, 0.8),
  airflowExponent: 0.8,
} as const;

/**
 * The VR node: losses = quiescent + a share of the ASIC power, its own conductance (G_vr50 fitted so stock sits at
 * 62 °C like the Gamma fixture), plus heat soaked from the chip through the board (coupling × chip rise).
 */
export const VR_THERMAL = {
  quiescentW: 0.3,
  lossFraction: 0.1,
  chipCoupling: 0.3,
  calibrationVrC: 62,
  naturalShare: 0.4,
  forcedShare: 0.6 / Math.pow(0.5, 0.8),
  timeConstantS: 40,
} as const;

export const DEFAULT_AMBIENT_C = 25;

/** Sensor models: chip temperature quantized like the firmware (0.125 °C), VR in whole degrees. */
export const SENSORS = {
  chipNoiseC: 0.12,
  chipQuantumC: 0.125,
  vrNoiseC: 0.4,
  /** TPS546 LSBs as seen in the fixtures (5093.75 mV, 12015.625 mA); INA260: 1.25 mV / 1.25 mA. */
  tpsVoltageLsbMv: 1.5625,
  tpsCurrentLsbMa: 15.625,
  inaLsb: 1.25,
  powerNoiseFraction: 0.004,
  fanRpmNoiseFraction: 0.01,
} as const;

/**
 * Hashrate noise as AR(1) processes. Counters (2.11+): ~5 % per instantaneous reading on a Gamma, as owners' logs of
 * `hashRate` show (its 1-minute mean is steadier); nonce-based estimates (≤ 2.10) ±10 %.
 */
export const HASHRATE_NOISE = {
  counter: { sigma: 0.05, correlationS: 6 },
  nonceEstimate: { sigma: 0.05, correlationS: 30 },
  /** The firmware reports 0 until its first measurement window after the ASIC starts. */
  firstReadingAfterS: 5,
} as const;

/** Live frequency changes ramp in 6.25 MHz steps, four per second (ESP-Miner frequency transition, v2.6+). */
export const FREQUENCY_RAMP = { stepMhz: 6.25, stepsPerSecond: 4, stoppedMhz: 50 } as const;

export const FAN_PID = { kp: 5, ki: 0.1, kd: 2, inputFilterAlpha: 0.5 } as const;

/** Overheat protection (ESP-Miner PR #1304, v2.11+; THROTTLE_TEMP, TPS546_THROTTLE_TEMP, SAFE_TEMP). */
export const OVERHEAT = {
  chipTripC: 75,
  vrTripC: 105,
  minCoolS: 30,
  vrResumeBelowC: 95,
  chipResumeAtOrBelowC: 45,
  frequencyBackoffMhz: 100,
  voltageBackoffMv: 100,
  frequencyFloorMhz: 400,
  voltageFloorMv: 1000,
  /** ≤ 2.10 reboots into these and stays there. */
  legacySafeFrequencyMhz: 50,
  legacySafeVoltageMv: 1000,
  /** The 'overheat' fault blocks the airflow: the heatsink keeps this share of its conductance. */
  blockedCoolingShare: 0.2,
  /** NerdQAxe's own limit (`overheat_temp`). */
  nerdqaxeTripC: 70,
} as const;

/** Restart: answers, reboots 1 s later, is unreachable while it boots, then starts the ASIC. */
export const RESTART = { rebootDelayMs: 1000, unreachableMs: 5000, asicStartAfterBootMs: 5000 } as const;

export const SHARES = {
  poolDifficulty: 1000,
  rejectedShare: 0.003,
  /** Nonces the ASIC returns are checked at this difficulty; hardware errors are counted among them. */
  asicNonceDifficulty: 256,
  networkDifficulty: 146472570619930,
  blockHeightAt2026: 931409,
} as const;

export const FAULT_DEFAULTS = { slowDelayMs: 15000 } as const;
