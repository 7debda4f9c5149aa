/** Errors by class, so that retry policy and user messages can follow the kind of failure, not its text. */

export class AxepilotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface MinerErrorContext {
  /** The miner's name or host, as the owner knows it. */
  miner: string;
  /** The API path that failed, e.g. `/api/system/info`. */
  endpoint: string;
}

/** The miner could not be reached: refused, timed out, DNS failure, connection reset. Worth retrying later. */
export class MinerUnreachableError extends AxepilotError {
  readonly miner: string;
  readonly endpoint: string;
  constructor(context: MinerErrorContext, detail: string, options?: { cause?: unknown }) {
    super(`${context.miner}: ${context.endpoint} unreachable (${detail})`, options);
    this.miner = context.miner;
    this.endpoint = context.endpoint;
  }
}

/** The miner answered, but not as AxeOS does: a non-2xx status, text where JSON belongs, or the wrong shape. */
export class MinerApiError extends AxepilotError {
  readonly miner: string;
  readonly endpoint: string;
  readonly status: number | null;
  constructor(context: MinerErrorContext, detail: string, status: number | null = null, options?: { cause?: unknown }) {
    super(`${context.miner}: ${context.endpoint} ${detail}`, options);
    this.miner = context.miner;
    this.endpoint = context.endpoint;
    this.status = status;
  }
}

/** The configuration file or environment is invalid; `problems` lists every one with its path. */
export class ConfigError extends AxepilotError {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** The database file cannot be used (damaged, unwritable, disk full). */
export class StoreError extends AxepilotError {}

/** A user-facing refusal: bad arguments, missing permission, an unsafe setting. The message is shown as is. */
export class UserError extends AxepilotError {}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
