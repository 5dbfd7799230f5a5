import { loadBenchConfig } from '../benchConfig.js';

/** The search bench's only reader of the environment: the server (a fresh database on it) and how many runs to store. */
export interface SearchBenchConfig {
  mongodbUri: string;
  /** Stored runs (BENCH_SEARCH_RUNS, default 100 000). */
  runs: number;
  /** Timed repetitions of each query (BENCH_SEARCH_REPEATS, default 5). */
  repeats: number;
}

function count(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (!raw?.trim()) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer in 1..${max} (got "${raw}")`);
  return value;
}

export function loadSearchBenchConfig(env: Readonly<Record<string, string | undefined>> = process.env): SearchBenchConfig {
  const { mongodbUri } = loadBenchConfig(env);
  if (!mongodbUri) throw new Error('MONGODB_URI is required: the search bench measures the MongoDB execution store');
  return { mongodbUri, runs: count(env.BENCH_SEARCH_RUNS, 'BENCH_SEARCH_RUNS', 100_000, 1_000_000), repeats: count(env.BENCH_SEARCH_REPEATS, 'BENCH_SEARCH_REPEATS', 5, 100) };
}
