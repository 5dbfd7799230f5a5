/** A refusal or a pass; `retryAfterSeconds` is when the next request would pass (0 when it passed). */
export interface Verdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface TokenBucketOptions {
  /** Tokens added per second, up to `burst`; 0 = no limit (every take passes). */
  perSecond: number;
  /** Bucket size: requests that may come at once after a quiet time. */
  burst: number;
  /** Buckets kept; beyond it the least recently used one is forgotten (it refills: full again). */
  maxKeys?: number;
  /** Seconds, monotonic (tests pass their own clock). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const PASS: Verdict = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

/**
 * Token buckets by key (a client address, a user), in this process only: each key may spend
 * `burst` requests at once and `perSecond` on average. Memory is bounded by `maxKeys`
 * (least recently used first out), so a flood of distinct keys cannot grow it.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? (() => performance.now() / 1000);
  }

  get enabled(): boolean {
    return this.options.perSecond > 0;
  }

  /** Spends one token of `key`'s bucket, or says how long until one is there. */
  take(key: string): Verdict {
    const { perSecond, burst } = this.options;
    if (perSecond <= 0) return PASS;
    const now = this.now();
    const known = this.buckets.get(key);
    const bucket = known ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perSecond);
    bucket.at = now;
    // Re-inserted at the end: Map order is the recency order the eviction relies on.
    if (known) this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return PASS;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  /** Buckets currently remembered (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }
}
