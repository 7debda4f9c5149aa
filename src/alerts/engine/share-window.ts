const BUCKET_MS = 60_000;

interface ShareBucket {
  start: number;
  accepted: number;
  rejected: number;
}

/**
 * Accepted and rejected shares over a sliding window, from the firmware's since-boot counters. Counts are deltas
 * between polls in one-minute buckets (60 numbers per miner, whatever the poll rate); a counter that goes down means
 * the miner rebooted, and then the new since-boot count is the delta.
 */
export class ShareWindow {
  private buckets: ShareBucket[] = [];
  private last: { accepted: number; rejected: number } | null = null;

  constructor(private readonly windowMs = 3_600_000) {}

  record(now: number, accepted: number | null, rejected: number | null): void {
    if (accepted === null || rejected === null) return;
    const previous = this.last;
    this.last = { accepted, rejected };
    // The first reading is a since-boot total of unknown age: it sets the baseline and is not counted.
    if (!previous) return;
    const reset = accepted < previous.accepted || rejected < previous.rejected;
    const deltaAccepted = reset ? accepted : accepted - previous.accepted;
    const deltaRejected = reset ? rejected : rejected - previous.rejected;
    this.prune(now);
    if (deltaAccepted === 0 && deltaRejected === 0) return;
    const start = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    let bucket = this.buckets.at(-1);
    if (!bucket || bucket.start !== start) {
      bucket = { start, accepted: 0, rejected: 0 };
      this.buckets.push(bucket);
    }
    bucket.accepted += deltaAccepted;
    bucket.rejected += deltaRejected;
  }

  totals(now: number): { accepted: number; rejected: number } {
    this.prune(now);
    let accepted = 0;
    let rejected = 0;
    for (const bucket of this.buckets) {
      accepted += bucket.accepted;
      rejected += bucket.rejected;
    }
    return { accepted, rejected };
  }

  private prune(now: number): void {
    const oldest = now - this.windowMs;
    while (this.buckets.length > 0 && (this.buckets[0]?.start ?? 0) + BUCKET_MS <= oldest) this.buckets.shift();
  }
}
