/**
 * The decision: windowed readings in, one move (or none) out. Pure, so tests and `npm run bench:autopilot` can run it
 * without a service. The rules, from the field (research/ecosystem.md §3): nothing is read during the settle time
 * after a write; a crossed limit steps down at once, by two rungs when far past it; climbing takes one rung and only
 * after headroom has held for the hold time; a rung that failed waits a hold-off that doubles with every failure in
 * 24 h, so the miner does not hunt around a limit; inside the deadband nothing is written.
 */
import { breaches, headroomShortfall, type Breach } from './limit-check.js';
import { rungKey, rungText, type AutopilotLimits, type PolicyMemory, type ReturnMark, type Rung } from './types.js';
import type { WindowStats } from './window.js';

export interface PolicyTuning {
  windowMs: number;
  settleMs: number;
  holdMs: number;
  deadbandC: number;
  holdOffMs: number;
}

export interface PolicyInput {
  now: number;
  ladder: readonly Rung[];
  /** The highest rung the mode aims for. */
  ceiling: number;
  /** The rung the miner runs. */
  current: number;
  /** Readings of the window after the settle time; null when there are none. */
  stats: WindowStats | null;
  /** The last half minute, settle or not: for emergencies only. */
  recent: WindowStats | null;
  limits: AutopilotLimits;
  memory: PolicyMemory;
  tuning: PolicyTuning;
}

export type Decision =
  | { action: 'hold'; reason: string; memory: PolicyMemory }
  | { action: 'move'; to: number; direction: 'up' | 'down'; reason: string; memory: PolicyMemory; breaches: Breach[] };

const DAY_MS = 24 * 3_600_000;
const MAX_HOLD_OFF_MS = 8 * 3_600_000;
/** The firmware trips at 75 °C chip: whatever the owner's target, act before that. */
const CHIP_EMERGENCY_CEILING_C = 72;
const EMERGENCY_WINDOW_MS = 30_000;
const EMERGENCY_LOOKAHEAD_MIN = 1;
const MIN_SAMPLES = 4;
/** Down to a rung drawing at most this share of the current one's power: near a limit, far past it, emergency. */
const NEAR_POWER_SHARE = 0.95;
const FAR_POWER_SHARE = 0.85;
const EMERGENCY_POWER_SHARE = 0.7;
/** A return mark is read once the chip has stopped moving after the step down, and is good for a day. */
const MARK_STILL_C_PER_MIN = 0.1;

/**
 * Down by heat, not by rung count: the highest rung drawing at most `share` of this rung's power by the benchmark (a
 * rung 0.1 °C cooler is no answer to a hot afternoon), or `steps` rungs when powers are unknown (protect on the grid).
 */
export function stepDownTarget(ladder: readonly Rung[], current: number, share: number, steps: number): number {
  const power = ladder[current]?.powerW ?? null;
  if (power === null) return Math.max(0, current - steps);
  for (let i = current - 1; i >= 0; i--) {
    const p = ladder[i]?.powerW ?? null;
    if (p === null || p <= power * share) return i;
  }
  return 0;
}

/** When a rung that failed may be tried again; null when it may now. */
export function holdOffUntil(memory: PolicyMemory, rung: Rung, holdOffMs: number, now: number): number | null {
  const times = (memory.failures[rungKey(rung)] ?? []).filter((t) => t > now - DAY_MS);
  const last = times[times.length - 1];
  if (last === undefined) return null;
  const until = last + Math.min(MAX_HOLD_OFF_MS, holdOffMs * 2 ** (times.length - 1));
  return until > now ? until : null;
}

function pruned(memory: PolicyMemory, now: number): PolicyMemory {
  const failures: Record<string, number[]> = {};
  for (const [key, times] of Object.entries(memory.failures)) {
    const kept = times.filter((t) => t > now - DAY_MS);
    if (kept.length > 0) failures[key] = kept;
  }
  const returnMarks = Object.fromEntries(Object.entries(memory.returnMarks ?? {}).filter(([, mark]) => mark.at > now - DAY_MS));
  return { ...memory, failures, returnMarks };
}

/** The first still window on a rung that heat drove the miner down to becomes that rung's return mark. */
function withMark(memory: PolicyMemory, here: Rung, stats: WindowStats, now: number): PolicyMemory {
  if (memory.markDue !== rungKey(here) || stats.chipTempC === null || stats.fanPct === null || !stats.autoFan) return memory;
  if (Math.abs(stats.chipSlopeCPerMin ?? 0) > MARK_STILL_C_PER_MIN) return memory;
  const mark: ReturnMark = { fanPct: stats.fanPct, chipC: stats.chipTempC, at: now };
  return { ...memory, markDue: null, returnMarks: { ...(memory.returnMarks ?? {}), [rungKey(here)]: mark } };
}

function move(input: PolicyInput, memory: PolicyMemory, to: number, reason: string, found: Breach[], failed: boolean): Decision {
  const direction = to > input.current ? 'up' : 'down';
  const from = input.ladder[input.current];
  const target = input.ladder[to];
  const failures = { ...memory.failures };
  if (failed && from) failures[rungKey(from)] = [...(failures[rungKey(from)] ?? []), input.now];
  // Down for heat: the rung it lands on will tell, once settled, how warm the room was when the one above got too hot.
  const markDue = direction === 'down' && target && found.some((b) => b.limit === 'chip') ? rungKey(target) : null;
  return {
    action: 'move', to, direction, reason, breaches: found,
    memory: { ...memory, failures, lastWriteAt: input.now, headroomSince: null, lastDirection: direction, markDue },
  };
}

function emergency(input: PolicyInput): Breach | null {
  const { recent, limits, tuning } = input;
  if (!recent || recent.samples < 2) return null;
  const chipLine = Math.min(limits.chipTargetC + 2 * tuning.deadbandC, CHIP_EMERGENCY_CEILING_C);
  const chip = recent.chipTempC;
  // A chip climbing fast (a dead fan) reaches the trip within a minute or two: act on where it is heading.
  const heading = chip === null ? null : chip + Math.max(0, recent.chipSlopeCPerMin ?? 0) * EMERGENCY_LOOKAHEAD_MIN;
  if (chip !== null && heading !== null && heading >= chipLine && chip > limits.chipTargetC) {
    const rising = heading > chip + 0.5 ? `, rising ${(recent.chipSlopeCPerMin ?? 0).toFixed(1)} °C/min` : '';
    return { limit: 'chip', text: `chip ${chip.toFixed(1)} °C${rising}, heading for the firmware's 75 °C trip`, far: true };
  }
  if (recent.vrTempC !== null && recent.vrTempC >= limits.vrMaxC + 2 * tuning.deadbandC) {
    return { limit: 'vr', text: `VR ${recent.vrTempC.toFixed(1)} °C, far above its ${limits.vrMaxC} °C limit`, far: true };
  }
  return null;
}

export function decide(input: PolicyInput): Decision {
  const { now, ladder, current, ceiling, stats, limits, tuning } = input;
  let memory = pruned(input.memory, now);
  const here = ladder[current];
  if (!here) return { action: 'hold', reason: 'no rung to run', memory };
  const settling = memory.lastWriteAt !== null && now - memory.lastWriteAt < tuning.settleMs;

  // Too hot to wait out the settle time: two rungs down every half minute until it turns.
  const urgent = emergency(input);
  if (urgent && current > 0 && (memory.lastWriteAt === null || now - memory.lastWriteAt >= EMERGENCY_WINDOW_MS)) {
    return move(input, memory, stepDownTarget(ladder, current, EMERGENCY_POWER_SHARE, 2), urgent.text, [urgent], true);
  }
  if (current > ceiling) {
    return move(input, memory, ceiling, `${rungText(ladder[ceiling] ?? here)} is as high as this mode goes`, [], false);
  }
  if (settling) return { action: 'hold', reason: 'settling after the last change', memory };
  const enough = stats !== null && stats.samples >= MIN_SAMPLES && stats.spanMs >= Math.min(tuning.windowMs / 2, 60_000);
  if (!enough || !stats) return { action: 'hold', reason: 'gathering readings', memory: { ...memory, headroomSince: null } };

  const found = breaches(stats, limits, tuning.deadbandC);
  memory = withMark(memory, here, stats, now);
  if (found.length > 0) {
    if (current === 0) return { action: 'hold', reason: `${found.map((b) => b.text).join(', ')}, at the lowest rung already`, memory: { ...memory, headroomSince: null } };
    const far = found.some((b) => b.far);
    const to = stepDownTarget(ladder, current, far ? FAR_POWER_SHARE : NEAR_POWER_SHARE, far ? 2 : 1);
    return move(input, memory, to, found.map((b) => b.text).join(', '), found, true);
  }
  if (current >= ceiling) return { action: 'hold', reason: 'at the highest rung this mode uses', memory: { ...memory, headroomSince: null } };

  const next = ladder[current + 1];
  if (!next) return { action: 'hold', reason: 'at the top of the ladder', memory };
  const shortfall = headroomShortfall(stats, limits, tuning.deadbandC, here, next, memory.returnMarks?.[rungKey(here)]);
  if (shortfall) return { action: 'hold', reason: `inside the deadband (${shortfall})`, memory: { ...memory, headroomSince: null } };
  // Headroom is counted from the start of the window that showed it: the settle time is not added twice.
  const headroomSince = memory.headroomSince ?? now - stats.spanMs;
  const held = { ...memory, headroomSince };
  if (now - headroomSince < tuning.holdMs) return { action: 'hold', reason: 'headroom, waiting for it to hold', memory: held };
  const blockedUntil = holdOffUntil(memory, next, tuning.holdOffMs, now);
  if (blockedUntil !== null) {
    return { action: 'hold', reason: `${rungText(next)} failed recently; not before ${new Date(blockedUntil).toISOString().slice(11, 16)} UTC`, memory: held };
  }
  const minutes = Math.round((now - headroomSince) / 60_000);
  return move(input, held, current + 1, `every limit has had headroom for ${minutes} min`, [], false);
}
