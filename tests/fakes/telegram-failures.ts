/**
 * Failure injection for the fake Telegram: which calls to fail, and the exact error bodies Telegram sends
 * (`{ ok: false, error_code, description, parameters? }`, https://core.telegram.org/bots/api#making-requests).
 */

/** The outcome the fake answers a call with when told to fail it. */
export interface FakeFailure {
  /** HTTP status and `error_code`: 400, 403, 409, 429, 500 … */
  status: number;
  /** Telegram's `description`; a realistic default is chosen per status. */
  description?: string;
  /** For 429: `parameters.retry_after` in seconds (default 1). */
  retryAfter?: number;
  /** For 400 on a migrated group: `parameters.migrate_to_chat_id`. */
  migrateToChatId?: number;
  /** Fail only calls whose `chat_id` is this chat. */
  chatId?: number | string;
}

/** Thrown by a method of the fake to answer with a Telegram error. */
export class FakeApiFailure extends Error {
  constructor(readonly failure: FakeFailure) {
    super(failure.description ?? `error ${failure.status}`);
  }
}

export function badRequest(detail: string): FakeApiFailure {
  return new FakeApiFailure({ status: 400, description: `Bad Request: ${detail}` });
}

export interface TelegramErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export function errorBody(failure: FakeFailure): TelegramErrorBody {
  if (failure.status === 429) {
    const retryAfter = failure.retryAfter ?? 1;
    return {
      ok: false,
      error_code: 429,
      description: failure.description ?? `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    };
  }
  const body: TelegramErrorBody = {
    ok: false,
    error_code: failure.status,
    description: failure.description ?? DEFAULT_DESCRIPTIONS[failure.status] ?? 'Error',
  };
  if (failure.migrateToChatId !== undefined) body.parameters = { migrate_to_chat_id: failure.migrateToChatId };
  return body;
}

interface FailureTarget {
  method: string;
  params: Record<string, unknown>;
}

type FailureRule<C> = { method: string; failure: FakeFailure } & (
  | { remaining: number }
  | { untilMs: number }
  | { whileTrue: (call: C) => boolean }
);

/** The failures a test planned, consumed call by call in the order they were planned. */
export class FailurePlan<C extends FailureTarget> {
  private rules: Array<FailureRule<C>> = [];

  constructor(private readonly now: () => number) {}

  failNext(method: string, failure: FakeFailure, times: number): void {
    this.rules.push({ method, failure, remaining: times });
  }

  failFor(method: string, durationOrWhile: number | ((call: C) => boolean), failure: FakeFailure): void {
    if (typeof durationOrWhile === 'number') this.rules.push({ method, failure, untilMs: this.now() + durationOrWhile });
    else this.rules.push({ method, failure, whileTrue: durationOrWhile });
  }

  clear(): void {
    this.rules = [];
  }

  /** The failure this call gets, if any; a counted rule is used up by it. */
  take(call: C): FakeFailure | undefined {
    const chatId = call.params.chat_id;
    const index = this.rules.findIndex((rule) => {
      if (rule.method !== call.method) return false;
      if (rule.failure.chatId !== undefined && String(rule.failure.chatId) !== String(chatId)) return false;
      if ('untilMs' in rule) return this.now() < rule.untilMs;
      if ('whileTrue' in rule) return rule.whileTrue(call);
      return rule.remaining > 0;
    });
    const rule = this.rules[index];
    if (!rule) return undefined;
    if ('remaining' in rule && --rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.failure;
  }
}
