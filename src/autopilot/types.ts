/** The autopilot's vocabulary: modes, limits, rungs of the ladder, and what it remembers per miner. */
import { AUTOPILOT_MODES } from '../config/autopilot-schema.js';

export { AUTOPILOT_MODES };
/** off: hands off. protect: the owner's settings, lower only while a limit is crossed. hashrate / efficiency: a ladder. */
export type AutopilotMode = (typeof AUTOPILOT_MODES)[number];

export interface AutopilotLimits {
  chipTargetC: number;
  vrMaxC: number;
  fanMaxPct: number;
  /** null: no cap known. */
  powerCapW: number | null;
  errorMaxPct: number;
  inputVoltageMinV: number | null;
}

export const LIMIT_KEYS = ['chipTargetC', 'vrMaxC', 'fanMaxPct', 'powerCapW', 'errorMaxPct', 'inputVoltageMinV'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** Each limit in the owner's words, with its unit. */
export const LIMIT_LABELS: Readonly<Record<LimitKey, { name: string; unit: string }>> = {
  chipTargetC: { name: 'chip target', unit: '°C' },
  vrMaxC: { name: 'VR max', unit: '°C' },
  fanMaxPct: { name: 'fan cap', unit: '%' },
  powerCapW: { name: 'power cap', unit: 'W' },
  errorMaxPct: { name: 'ASIC error max', unit: '%' },
  inputVoltageMinV: { name: 'input voltage min', unit: 'V' },
};

/** One validated operating point the autopilot may move to, with what the benchmark measured there. */
export interface Rung {
  frequencyMhz: number;
  coreVoltageMv: number;
  /** From the benchmark (null for the owner's own point or a point the device's grid gave in protect mode). */
  hashrateGhs: number | null;
  powerW: number | null;
  efficiencyJth: number | null;
  chipTempC: number | null;
  /** Where it comes from, for messages: `benchmark 12`, `your settings`, `grid`. */
  source: string;
}

export function rungKey(rung: Pick<Rung, 'frequencyMhz' | 'coreVoltageMv'>): string {
  return `${Math.round(rung.frequencyMhz * 100) / 100}/${Math.round(rung.coreVoltageMv)}`;
}

export function rungText(rung: Pick<Rung, 'frequencyMhz' | 'coreVoltageMv'>): string {
  return `${Math.round(rung.frequencyMhz * 100) / 100} MHz / ${Math.round(rung.coreVoltageMv)} mV`;
}

/** The policy's memory of one miner between decisions; pure data, kept in SQLite. */
export interface PolicyMemory {
  /** When the autopilot last wrote settings to the miner. */
  lastWriteAt: number | null;
  /** Since when every limit has had headroom (null: not now). */
  headroomSince: number | null;
  /** Per rung key, when it failed (breached a limit or tripped), within the last 24 h. */
  failures: Record<string, number[]>;
  /** Direction of the last move, for counting reversals. */
  lastDirection: 'up' | 'down' | null;
  /**
   * The way back up, per rung key: what the fan and the chip read on this rung just after heat drove the miner down to
   * it. The same readings a little cooler mean the room is cooler than when the rung above got too hot.
   */
  returnMarks?: Record<string, ReturnMark>;
  /** The rung whose first settled window becomes its return mark (set by a step down for heat). */
  markDue?: string | null;
}

export interface ReturnMark {
  fanPct: number;
  chipC: number;
  at: number;
}

export function emptyMemory(): PolicyMemory {
  return { lastWriteAt: null, headroomSince: null, failures: {}, lastDirection: null, returnMarks: {}, markDue: null };
}
