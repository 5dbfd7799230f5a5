import { randomBytes } from 'node:crypto';

/**
 * The bench's only reader of the environment (like `loadConfig` for services): which backend,
 * and how much load. Every knob has a bounded default so `npm run bench` stops by itself.
 */
export interface BenchConfig {
  /** A fresh database under MONGODB_URI's server (dropped at the end), or undefined for memory. */
  mongodbUri: string | undefined;
  flows: number;
  /** Concurrent requests in flight against one gateway. */
  concurrency: number;
  /** Unmeasured requests per gateway before measuring (JIT, caches, pooled connections). */
  warmupRequests: number;
  /** Measured phases per gateway; phases alternate between the gateways (A B, B A, ...). */
  rounds: number;
  /** Each phase ends after this many requests or this many milliseconds, whichever is first. */
  requestsPerPhase: number;
  phaseMs: number;
  /** The process's NODE_ENV: libraries such as graphql-js read it themselves at load time. */
  nodeEnv: string | undefined;
  /** When set, the measured phases are CPU-profiled and the profiles written here. */
  profileDir: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function positiveInt(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer in 1..${max} (got "${raw}")`);
  return value;
}

/** The server of MONGODB_URI with a database name of our own, so the bench never touches real data. */
function freshDatabase(uri: string | undefined): string | undefined {
  if (!uri?.trim()) return undefined;
  // Not `new URL`: a MongoDB URI may list several hosts, which WHATWG URLs refuse.
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/.exec(uri.trim());
  if (!match) throw new Error(`MONGODB_URI must be a mongodb:// URI (got "${uri}")`);
  const [, server, database, options = ''] = match;
  return `${server}/${database || 'flow-bench'}-${randomBytes(4).toString('hex')}${options}`;
}

export function loadBenchConfig(env: Env = process.env): BenchConfig {
  return {
    mongodbUri: freshDatabase(env.MONGODB_URI),
    flows: 100,
    concurrency: positiveInt(env, 'BENCH_CONCURRENCY', 8, 64),
    warmupRequests: positiveInt(env, 'BENCH_WARMUP', 20, 1_000),
    rounds: positiveInt(env, 'BENCH_ROUNDS', 4, 20),
    requestsPerPhase: positiveInt(env, 'BENCH_REQUESTS', 250, 10_000),
    phaseMs: positiveInt(env, 'BENCH_PHASE_SECONDS', 8, 120) * 1_000,
    nodeEnv: env.NODE_ENV?.trim() || undefined,
    profileDir: env.BENCH_PROFILE_DIR?.trim() || undefined,
  };
}
