import { AppError, ErrorCode } from '../errors.js';
import type { HealthCheck } from '../health.js';

/**
 * The distributed cache port (Hazelcast maps). Adapters: `createHazelcastCache`
 * (hazelcast-client) and `createMemoryCache` (embedded mode, unit tests); both pass
 * `cacheContract.ts`. Values are JSON-serializable: they are stored as JSON text, so a read
 * answers a copy and any client of the cluster can read them.
 *
 * Times follow the cluster, whose clock counts whole seconds: an entry lives at least its
 * `ttlMs` and at most about 2 s longer; a lock lease ends at least `leaseMs` after it was
 * granted and may be released by the cluster up to about a second later. Never early.
 *
 * Failures of the cluster (unreachable, closed cache) reject with an AppError
 * SERVICE_UNAVAILABLE (retryable); invalid arguments throw a TypeError.
 */
export interface CacheEntry<V> {
  value: V;
  /** Epoch milliseconds when the entry expires; undefined when it never does. */
  expiresAt: number | undefined;
}

export interface CacheMap<V> {
  get(key: string): Promise<V | undefined>;
  /** The value with its expiry, for sliding TTLs that refresh only when little time remains. */
  getEntry(key: string): Promise<CacheEntry<V> | undefined>;
  /** Stores the value; `ttlMs` undefined means no expiry, otherwise a positive integer. */
  set(key: string, value: V, ttlMs?: number): Promise<void>;
  /** Stores only when the key is absent (or expired); answers true when this call stored it. */
  setIfAbsent(key: string, value: V, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every live entry (maps stay small: heartbeats, schedules). */
  entries(): Promise<Array<[string, V]>>;
}

export interface Cache {
  map<V>(name: string): CacheMap<V>;
  /**
   * A cluster-wide lock on `key` in the lock namespace `name` (separate from the map of that
   * name: a lock never blocks writes to a map), held at most `leaseMs` (released early by
   * calling the answer; calling it again, or after the lease ended, does nothing); undefined
   * when anyone holds it, this cache instance included (locks are not reentrant).
   */
  tryLock(name: string, key: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
  health: HealthCheck;
  /** Disconnects; every later operation rejects with SERVICE_UNAVAILABLE. */
  close(): Promise<void>;
}

/** The JSON text of a value; throws a TypeError when it has none (undefined, a function). */
export function toCacheJson(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`cache values must be JSON-serializable, got ${typeof value}`);
  return json;
}

/** Checks a TTL or lease: a positive integer number of milliseconds. */
export function requirePositiveMs(what: string, ms: number): number {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new TypeError(`${what} must be a positive integer of milliseconds, got ${ms}`);
  return ms;
}

/** The error of an operation on a cache that is closed or cannot reach its cluster. */
export function cacheUnavailable(operation: string, cause?: unknown): AppError {
  const reason = cause === undefined ? 'the cache is closed' : cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new AppError(ErrorCode.SERVICE_UNAVAILABLE, `cache ${operation} failed: ${reason}`, { cause });
}
