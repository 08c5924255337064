/** Token buckets keyed by device or address, with a bounded number of keys (memory stays flat under floods). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 20_000,
  ) {}

  take(key: string, now = Date.now()): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private evict(now: number): void {
    // Full buckets carry no state worth keeping; drop them first, then the oldest half.
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
    if (this.buckets.size < this.maxKeys) return;
    let n = 0;
    for (const k of this.buckets.keys()) {
      this.buckets.delete(k);
      if (++n >= this.maxKeys / 2) break;
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
