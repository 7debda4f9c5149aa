import { z } from 'zod';

/**
 * The `autopilot:` section of the config (documented in config/axepilot.example.yaml). Its own file so the main
 * schema stays readable; the mode of each miner is not here: the owner turns it on from chat and it lives in SQLite.
 */

export const AUTOPILOT_MODES = ['off', 'protect', 'hashrate', 'efficiency'] as const;

/** The owner's limits; every key optional so a miner or a schedule can override only some. */
export const autopilotLimitsShape = {
  /** Chip temperature the autopilot keeps the miner under (median over the window). */
  chipTargetC: z.number().min(35).max(74),
  /** Voltage-regulator temperature ceiling. */
  vrMaxC: z.number().min(40).max(104),
  /** With the firmware's auto fan: a fan that sits above this (noise) is a reason to step down. */
  fanMaxPct: z.number().min(20).max(100),
  /** null = the model's own limit (40 W on 5 V boards). */
  powerCapW: z.number().positive().nullable(),
  /** ASIC error rate ceiling in %. */
  errorMaxPct: z.number().min(0).max(100),
  /** Below this input voltage the supply is struggling: draw less. null = the model's input window. */
  inputVoltageMinV: z.number().positive().nullable(),
};

const partialLimits = z.strictObject(autopilotLimitsShape).partial();

export function autopilotSchema(timeOfDay: z.ZodString) {
  const schedule = z.strictObject({
    /** Miner names; absent = every miner. */
    miners: z.array(z.string().min(1)).optional(),
    from: timeOfDay,
    to: timeOfDay,
    /** Mode while the window is open (only for miners whose autopilot is on). */
    mode: z.enum(['protect', 'hashrate', 'efficiency']).optional(),
    limits: partialLimits.optional(),
  });
  return z
    .strictObject({
      defaults: z
        .strictObject({
          chipTargetC: autopilotLimitsShape.chipTargetC.default(65),
          vrMaxC: autopilotLimitsShape.vrMaxC.default(85),
          fanMaxPct: autopilotLimitsShape.fanMaxPct.default(100),
          powerCapW: autopilotLimitsShape.powerCapW.default(null),
          errorMaxPct: autopilotLimitsShape.errorMaxPct.default(2),
          inputVoltageMinV: autopilotLimitsShape.inputVoltageMinV.default(null),
        })
        .prefault({}),
      /** Per-miner limits by miner name, over the defaults. */
      miners: z.record(z.string(), partialLimits).default({}),
      schedules: z.array(schedule).default([]),
      /** Statistics are taken over this window (median temperatures, mean power and fan, temperature slope). */
      windowSeconds: z.number().min(30).max(1800).default(120),
      /** After a write, readings are ignored this long (the 0-hashrate dip and AxeOS's averaging lag). */
      settleSeconds: z.number().min(0).max(1800).default(180),
      /** Headroom must hold this long before the autopilot climbs one rung. */
      holdMinutes: z.number().min(1).max(720).default(10),
      /** Degrees under the chip target (and VR max) that count as headroom; the fan's deadband is 3 × this in %. */
      deadbandC: z.number().min(0.5).max(15).default(3),
      /** A rung that failed waits this long before it is tried again, doubling with each failure in 24 h. */
      holdOffMinutes: z.number().min(1).max(1440).default(20),
      /** Settings writes per miner per rolling 24 h the guard allows the autopilot (flash wear). */
      maxWritesPerDay: z.number().int().min(1).max(1000).default(48),
      /** Hashrate 0 while the miner answers for this long → restart it. */
      zeroHashRestartMinutes: z.number().min(1).max(240).default(5),
      /** At most this many restarts per miner in `restartWindowHours`; past it a person is called. */
      maxRestarts: z.number().int().min(0).max(20).default(3),
      restartWindowHours: z.number().min(1).max(72).default(6),
      /** A settings change the autopilot did not make pauses it on that miner this long. */
      pauseMinutes: z.number().min(1).max(10_080).default(120),
      drift: z
        .strictObject({
          /** Efficiency worse than the benchmark at the same rung by more than this (%) … */
          thresholdPct: z.number().min(1).max(50).default(5),
          /** … for this long, at comparable chip temperatures, is reported. */
          hours: z.number().min(0.5).max(72).default(3),
          /** Nightly window for an automatic quick re-benchmark; null = only suggest it. */
          rebenchWindow: z.strictObject({ from: timeOfDay, to: timeOfDay }).nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({});
}
