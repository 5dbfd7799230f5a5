import { performance } from 'node:perf_hooks';
import type { GraphQLHttp } from './graphqlHttp.js';

export interface Target {
  label: string;
  url: string;
  /** The size of the verified answer: a load answer of another size is counted as a failure. */
  expectedBytes: number;
}

export interface PhaseLimits {
  requests: number;
  ms: number;
  concurrency: number;
}

export interface PhaseResult {
  /** Milliseconds per request, in completion order. */
  latencies: number[];
  failures: number;
  elapsedMs: number;
  /**
   * CPU time of the whole process (gateways, subgraphs, client) during the phase: steadier
   * than wall time on a machine shared with other work.
   */
  cpuMs: number;
}

/**
 * A closed loop: `concurrency` workers each send the next request as soon as their previous
 * answer is read, until `requests` were started or `ms` elapsed. Bounded both ways, so a
 * slow gateway shortens the phase instead of stretching it.
 */
export async function runPhase(http: GraphQLHttp, target: Target, query: string, limits: PhaseLimits): Promise<PhaseResult> {
  const latencies: number[] = [];
  let failures = 0;
  let started = 0;
  const begin = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = begin + limits.ms;

  async function worker(): Promise<void> {
    while (started < limits.requests && performance.now() < deadline) {
      started += 1;
      const sent = performance.now();
      try {
        const answer = await http.post(target.url, query);
        if (answer.status !== 200 || answer.bytes !== target.expectedBytes) failures += 1;
        else latencies.push(performance.now() - sent);
      } catch {
        failures += 1;
      }
    }
  }

  await Promise.all(Array.from({ length: limits.concurrency }, () => worker()));
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies, failures, elapsedMs: performance.now() - begin, cpuMs: (cpu.user + cpu.system) / 1_000 };
}

export interface Summary {
  requests: number;
  failures: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Process CPU milliseconds per answered request. */
  cpuPerRequest: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Throughput over the measured time of all phases together; latency over all their requests. */
export function summarize(phases: readonly PhaseResult[]): Summary {
  const latencies = phases.flatMap((phase) => phase.latencies).sort((a, b) => a - b);
  const elapsedMs = phases.reduce((sum, phase) => sum + phase.elapsedMs, 0);
  const failures = phases.reduce((sum, phase) => sum + phase.failures, 0);
  const total = latencies.reduce((sum, value) => sum + value, 0);
  const cpuMs = phases.reduce((sum, phase) => sum + phase.cpuMs, 0);
  return {
    requests: latencies.length,
    failures,
    requestsPerSecond: (latencies.length / elapsedMs) * 1_000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.length ? total / latencies.length : Number.NaN,
    max: latencies.at(-1) ?? Number.NaN,
    cpuPerRequest: cpuMs / latencies.length,
  };
}
