/**
 * How the window's readings stand against the owner's limits: what is crossed (and by how much), and whether every
 * limit has room enough to climb one rung. Between the two lies the deadband, where nothing is written.
 */
import type { AutopilotLimits, ReturnMark, Rung } from './types.js';
import type { WindowStats } from './window.js';

export interface Breach {
  limit: 'chip' | 'vr' | 'fan' | 'power' | 'errors' | 'inputVoltage';
  /** In the owner's words: `fan 78 % above its 70 % cap`. */
  text: string;
  /** Far past the line: step down by more. */
  far: boolean;
}

/** Rising this fast while this close to the chip target counts as crossing it: the next minutes will. */
const RISING_C_PER_MIN = 0.5;
const RISING_MARGIN_C = 0.5;
const FAN_DEADBAND_PER_C = 3;
const SATURATED_RISING_C_PER_MIN = 0.1;
/** A settle time and a window: how far ahead a step down has to look. */
const SATURATED_LOOKAHEAD_MIN = 5;
/** The airflow a heatsink needs grows faster than its heat: conductance goes roughly with airflow^0.8. */
const FAN_POWER_EXPONENT = 1.25;

/** The auto fan runs at its ceiling (100 %, or the owner's cap): more heat means a hotter chip. */
export function fanSaturated(stats: WindowStats, limits: AutopilotLimits): boolean {
  return stats.autoFan && stats.fanPct !== null && stats.fanPct >= Math.min(limits.fanMaxPct, 100) - 2;
}

const one = (v: number): string => (Math.round(v * 10) / 10).toString();
/** Whole percent, unless rounding would make a reading over the cap look equal to it. */
const pct = (v: number, cap: number): string => (Math.round(v) > cap ? String(Math.round(v)) : one(v));

export function breaches(stats: WindowStats, limits: AutopilotLimits, deadbandC: number): Breach[] {
  const found: Breach[] = [];
  const chip = stats.chipTempC;
  if (chip !== null) {
    if (chip > limits.chipTargetC) {
      found.push({ limit: 'chip', text: `chip ${one(chip)} °C above its ${one(limits.chipTargetC)} °C target`, far: chip > limits.chipTargetC + deadbandC });
    } else if (chip > limits.chipTargetC - RISING_MARGIN_C && (stats.chipSlopeCPerMin ?? 0) > RISING_C_PER_MIN) {
      found.push({ limit: 'chip', text: `chip ${one(chip)} °C rising ${one(stats.chipSlopeCPerMin ?? 0)} °C/min toward its ${one(limits.chipTargetC)} °C target`, far: false });
    } else if (fanSaturated(stats, limits) && (stats.chipSlopeCPerMin ?? 0) > SATURATED_RISING_C_PER_MIN
      && chip + (stats.chipSlopeCPerMin ?? 0) * SATURATED_LOOKAHEAD_MIN >= limits.chipTargetC) {
      // The fan has nothing left: a chip that will cross the target before a step down could take effect steps now.
      found.push({ limit: 'chip', text: `chip ${one(chip)} °C and rising with the fan at ${Math.round(stats.fanPct ?? 0)} %, close to its ${one(limits.chipTargetC)} °C target`, far: false });
    }
  }
  if (stats.vrTempC !== null && stats.vrTempC > limits.vrMaxC) {
    found.push({ limit: 'vr', text: `VR ${one(stats.vrTempC)} °C above its ${one(limits.vrMaxC)} °C limit`, far: stats.vrTempC > limits.vrMaxC + deadbandC });
  }
  if (stats.autoFan && limits.fanMaxPct < 100 && stats.fanPct !== null && stats.fanPct > limits.fanMaxPct) {
    found.push({ limit: 'fan', text: `fan ${pct(stats.fanPct, limits.fanMaxPct)} % above its ${one(limits.fanMaxPct)} % cap`, far: stats.fanPct > limits.fanMaxPct + 10 });
  }
  if (limits.powerCapW !== null && stats.powerW !== null && stats.powerW > limits.powerCapW) {
    found.push({ limit: 'power', text: `power ${one(stats.powerW)} W above its ${one(limits.powerCapW)} W cap`, far: stats.powerW > limits.powerCapW * 1.05 });
  }
  if (stats.errorPct !== null && stats.errorPct > limits.errorMaxPct) {
    found.push({ limit: 'errors', text: `ASIC errors ${stats.errorPct.toFixed(2)} % above ${one(limits.errorMaxPct)} %`, far: stats.errorPct > 2 * limits.errorMaxPct });
  }
  if (limits.inputVoltageMinV !== null && stats.inputVoltageV !== null && stats.inputVoltageV < limits.inputVoltageMinV) {
    found.push({ limit: 'inputVoltage', text: `input ${stats.inputVoltageV.toFixed(2)} V below ${limits.inputVoltageMinV.toFixed(2)} V`, far: stats.inputVoltageV < limits.inputVoltageMinV - 0.1 });
  }
  return found;
}

/** A degree of room: the chip of a saturated fan reads about as much more, an auto fan about 4 points more duty. */
const RETURN_CHIP_MARGIN_C = 1;
const RETURN_FAN_MARGIN_PCT = 4;

/**
 * Whether this rung now runs clearly cooler than just after heat drove the miner down to it: the room is cooler than
 * when the rung above got too hot, so the rung above fits again. The miner's own history, where the fan model below
 * can only guess how much more the chip may warm once the fan is at its ceiling.
 */
export function coolerThanMark(stats: WindowStats, mark: ReturnMark | undefined): boolean {
  if (!mark || stats.chipTempC === null || stats.fanPct === null || !stats.autoFan) return false;
  if (mark.fanPct >= 98) return stats.chipTempC <= mark.chipC - RETURN_CHIP_MARGIN_C;
  return stats.fanPct <= mark.fanPct - RETURN_FAN_MARGIN_PCT && stats.chipTempC <= mark.chipC + RETURN_CHIP_MARGIN_C / 2;
}

/** What keeps the miner from climbing to `next`, or null when every limit has room for it. */
export function headroomShortfall(stats: WindowStats, limits: AutopilotLimits, deadbandC: number, current: Rung, next: Rung, mark?: ReturnMark): string | null {
  if (stats.chipTempC !== null && stats.chipTempC > limits.chipTargetC - deadbandC) return `chip ${one(stats.chipTempC)} °C within ${one(deadbandC)} °C of its target`;
  if ((stats.chipSlopeCPerMin ?? 0) > RISING_C_PER_MIN / 2) return 'chip still warming';
  if (stats.vrTempC !== null && stats.vrTempC > limits.vrMaxC - deadbandC) return `VR ${one(stats.vrTempC)} °C within ${one(deadbandC)} °C of its limit`;
  const fanBand = FAN_DEADBAND_PER_C * deadbandC;
  if (stats.autoFan && limits.fanMaxPct < 100 && stats.fanPct !== null && stats.fanPct > limits.fanMaxPct - fanBand) {
    return `fan ${Math.round(stats.fanPct)} % within ${Math.round(fanBand)} % of its cap`;
  }
  if (stats.autoFan && stats.fanPct !== null) {
    // With the auto fan the chip sits at the fan's target whatever the heat; the headroom is in the fan.
    const needed = stats.fanPct * (powerRatio(current, next) ** FAN_POWER_EXPONENT);
    const ceiling = Math.min(limits.fanMaxPct, 100) - fanBand;
    if (needed > ceiling && !(limits.fanMaxPct >= 100 && coolerThanMark(stats, mark))) return `the fan would need about ${Math.round(needed)} % one rung up`;
  }
  if (limits.powerCapW !== null && stats.powerW !== null) {
    const predicted = predictedPowerW(stats.powerW, current, next);
    if (predicted > limits.powerCapW * 0.97) return `${one(predicted)} W expected one rung up, near its ${one(limits.powerCapW)} W cap`;
  }
  if (limits.inputVoltageMinV !== null && stats.inputVoltageV !== null && stats.inputVoltageV < limits.inputVoltageMinV + 0.05) return `input ${stats.inputVoltageV.toFixed(2)} V`;
  return null;
}

/** How much more one rung draws: from the benchmark, else from frequency and voltage (P ∝ f·V²). */
export function powerRatio(current: Rung, next: Rung): number {
  if (current.powerW && next.powerW) return next.powerW / current.powerW;
  const v = next.coreVoltageMv / current.coreVoltageMv;
  return (next.frequencyMhz / current.frequencyMhz) * v * v;
}

/** Power one rung up: the benchmark's step scaled to what the miner draws now. */
export function predictedPowerW(nowW: number, current: Rung, next: Rung): number {
  return nowW * powerRatio(current, next);
}
