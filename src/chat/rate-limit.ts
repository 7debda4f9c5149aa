/**
 * Per-user token buckets: a burst of commands is fine, a script hammering the bot (or a stuck client resending) is
 * slowed down before it reaches the miners. State is per user key and bounded.
 */
export class UserRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly options: { burst: number; refillPerMinute: number; maxUsers?: number }) {}

  /** Takes one token; false when the user must wait. */
  take(userKey: string, now: number): boolean {
    const { burst, refillPerMinute } = this.options;
    const bucket = this.buckets.get(userKey) ?? { tokens: burst, updatedAt: now };
    const refilled = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * refillPerMinute);
    const allowed = refilled >= 1;
    this.buckets.delete(userKey);
    this.buckets.set(userKey, { tokens: allowed ? refilled - 1 : refilled, updatedAt: now });
    this.evictOldest();
    return allowed;
  }

  private evictOldest(): void {
    const max = this.options.maxUsers ?? 10_000;
    while (this.buckets.size > max) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
