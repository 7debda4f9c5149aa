/**
 * Benchmark results in SQLite (tables in src/store/schema/bench.ts): runs, their points as they are measured (so a
 * crash mid-run keeps what was learned), and the eco / max / balanced profiles.
 */
import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database.js';
import { guarded } from '../store/errors.js';
import type { BenchProvenance } from './provenance.js';
import type { BenchMode, BenchProfileName, GateFailure, Measurement, Objective, OperatingPoint, PointResult, Verdict } from './types.js';

export type BenchRunState = 'running' | 'done' | 'cancelled' | 'failed' | 'miner-lost' | 'interrupted';

/** How a run ended and what it found; stored with the run. */
export interface BenchRunOutcome {
  picks: Partial<Record<Objective, { seq: number; point: OperatingPoint }>>;
  /** What the miner was left at: its original settings, the chosen point, or pending (the guard restores it later). */
  finalSettings: 'original' | 'applied' | 'restore-pending';
  error: string | null;
}

export interface BenchRunRecord {
  id: number;
  minerName: string;
  minerId: number | null;
  strategy: string;
  objective: Objective;
  mode: BenchMode;
  state: BenchRunState;
  startedAt: number;
  endedAt: number | null;
  deviceTimeMs: number | null;
  provenance: BenchProvenance;
  outcome: BenchRunOutcome | null;
}

export interface BenchProfileRecord {
  minerName: string;
  profile: BenchProfileName;
  runId: number;
  point: OperatingPoint;
  measurement: Measurement | null;
  savedAt: number;
}

// Intervals may be infinite (too few readings) and J/TH is Infinity at zero hashrate: JSON has no such numbers.
const NON_FINITE: Record<string, number> = { Infinity, '-Infinity': -Infinity, NaN };
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v)) as T;
}

interface RunRow {
  id: number;
  miner_name: string;
  miner_id: number | null;
  strategy: string;
  objective: string;
  mode: string;
  state: string;
  started_at: number;
  ended_at: number | null;
  device_time_ms: number | null;
  provenance: string;
  result: string | null;
}

interface PointRow {
  seq: number;
  frequency_mhz: number;
  core_voltage_mv: number;
  purpose: string;
  verdict: string;
  failures: string;
  started_at: number;
  ended_at: number;
  measurement: string | null;
}

interface ProfileRow {
  miner_name: string;
  profile: string;
  run_id: number;
  frequency_mhz: number;
  core_voltage_mv: number;
  measurement: string | null;
  saved_at: number;
}

function toRun(row: RunRow): BenchRunRecord {
  return {
    id: row.id,
    minerName: row.miner_name,
    minerId: row.miner_id,
    strategy: row.strategy,
    objective: row.objective as Objective,
    mode: row.mode as BenchMode,
    state: row.state as BenchRunState,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    deviceTimeMs: row.device_time_ms,
    provenance: fromJson<BenchProvenance>(row.provenance),
    outcome: row.result === null ? null : fromJson<BenchRunOutcome>(row.result),
  };
}

function toPoint(row: PointRow): PointResult {
  return {
    seq: row.seq,
    point: { frequencyMhz: row.frequency_mhz, coreVoltageMv: row.core_voltage_mv },
    purpose: row.purpose,
    verdict: row.verdict as Verdict,
    failures: fromJson<GateFailure[]>(row.failures),
    measurement: row.measurement === null ? null : fromJson<Measurement>(row.measurement),
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

function toProfile(row: ProfileRow): BenchProfileRecord {
  return {
    minerName: row.miner_name,
    profile: row.profile as BenchProfileName,
    runId: row.run_id,
    point: { frequencyMhz: row.frequency_mhz, coreVoltageMv: row.core_voltage_mv },
    measurement: row.measurement === null ? null : fromJson<Measurement>(row.measurement),
    savedAt: row.saved_at,
  };
}

export class BenchRepository {
  private readonly insertRun: Statement;
  private readonly insertPoint: Statement;
  private readonly updateRun: Statement;
  private readonly upsertProfile: Statement;

  constructor(private readonly db: Database) {
    this.insertRun = db.prepare(
      `INSERT INTO bench_runs (miner_name, miner_id, strategy, objective, mode, state, started_at, provenance)
       VALUES (@minerName, @minerId, @strategy, @objective, @mode, 'running', @startedAt, @provenance)`,
    );
    this.insertPoint = db.prepare(
      `INSERT INTO bench_points (run_id, seq, frequency_mhz, core_voltage_mv, purpose, verdict, failures, started_at, ended_at, measurement)
       VALUES (@runId, @seq, @frequency, @voltage, @purpose, @verdict, @failures, @startedAt, @endedAt, @measurement)`,
    );
    this.updateRun = db.prepare(
      `UPDATE bench_runs SET state = @state, ended_at = @endedAt, device_time_ms = @deviceTimeMs, result = @result WHERE id = @id`,
    );
    this.upsertProfile = db.prepare(
      `INSERT INTO bench_profiles (miner_name, profile, run_id, frequency_mhz, core_voltage_mv, measurement, saved_at)
       VALUES (@minerName, @profile, @runId, @frequency, @voltage, @measurement, @savedAt)
       ON CONFLICT (miner_name, profile) DO UPDATE SET run_id = excluded.run_id, frequency_mhz = excluded.frequency_mhz,
         core_voltage_mv = excluded.core_voltage_mv, measurement = excluded.measurement, saved_at = excluded.saved_at`,
    );
  }

  createRun(input: {
    minerName: string;
    minerId: number | null;
    strategy: string;
    objective: Objective;
    mode: BenchMode;
    startedAt: number;
    provenance: BenchProvenance;
  }): number {
    return guarded(this.db, 'record a benchmark run', () => {
      const info = this.insertRun.run({ ...input, provenance: toJson(input.provenance) });
      return Number(info.lastInsertRowid);
    });
  }

  addPoint(runId: number, point: PointResult): void {
    guarded(this.db, 'record a benchmark point', () =>
      this.insertPoint.run({
        runId, seq: point.seq, frequency: point.point.frequencyMhz, voltage: point.point.coreVoltageMv, purpose: point.purpose,
        verdict: point.verdict, failures: toJson(point.failures), startedAt: point.startedAt, endedAt: point.endedAt,
        measurement: point.measurement === null ? null : toJson(point.measurement),
      }),
    );
  }

  finishRun(runId: number, end: { state: BenchRunState; endedAt: number; deviceTimeMs: number; outcome: BenchRunOutcome }): void {
    guarded(this.db, 'finish a benchmark run', () =>
      this.updateRun.run({ id: runId, state: end.state, endedAt: end.endedAt, deviceTimeMs: end.deviceTimeMs, result: toJson(end.outcome) }),
    );
  }

  saveProfile(input: { minerName: string; profile: BenchProfileName; runId: number; point: PointResult; savedAt: number }): void {
    guarded(this.db, 'save a benchmark profile', () =>
      this.upsertProfile.run({
        minerName: input.minerName, profile: input.profile, runId: input.runId, frequency: input.point.point.frequencyMhz,
        voltage: input.point.point.coreVoltageMv,
        measurement: input.point.measurement === null ? null : toJson(input.point.measurement), savedAt: input.savedAt,
      }),
    );
  }

  run(id: number): BenchRunRecord | null {
    const row = guarded(this.db, 'read a benchmark run', () => this.db.prepare('SELECT * FROM bench_runs WHERE id = ?').get(id) as RunRow | undefined);
    return row ? toRun(row) : null;
  }

  latestRun(minerName: string): BenchRunRecord | null {
    const row = guarded(this.db, 'read benchmark runs', () =>
      this.db.prepare('SELECT * FROM bench_runs WHERE miner_name = ? COLLATE NOCASE ORDER BY started_at DESC, id DESC LIMIT 1').get(minerName) as RunRow | undefined,
    );
    return row ? toRun(row) : null;
  }

  points(runId: number): PointResult[] {
    const rows = guarded(this.db, 'read benchmark points', () =>
      this.db.prepare('SELECT * FROM bench_points WHERE run_id = ? ORDER BY seq').all(runId) as PointRow[],
    );
    return rows.map(toPoint);
  }

  profiles(minerName: string): BenchProfileRecord[] {
    const rows = guarded(this.db, 'read benchmark profiles', () =>
      this.db.prepare('SELECT * FROM bench_profiles WHERE miner_name = ? COLLATE NOCASE ORDER BY profile').all(minerName) as ProfileRow[],
    );
    return rows.map(toProfile);
  }

  profile(minerName: string, profile: BenchProfileName): BenchProfileRecord | null {
    return this.profiles(minerName).find((p) => p.profile === profile) ?? null;
  }

  /** Runs a crash left 'running' (their miners' settings are put back by the guard's restore points), of one miner or all. */
  markInterrupted(now: number, minerName?: string): number {
    return guarded(this.db, 'mark interrupted benchmark runs', () =>
      minerName === undefined
        ? this.db.prepare(`UPDATE bench_runs SET state = 'interrupted', ended_at = ? WHERE state = 'running'`).run(now).changes
        : this.db.prepare(`UPDATE bench_runs SET state = 'interrupted', ended_at = ? WHERE state = 'running' AND miner_name = ?`).run(now, minerName).changes,
    );
  }
}
