import { redactEndpoints } from './redact.js';

/**
 * `/health` answers `{status, checks}`: Healthy when every check passes, Degraded when only
 * non-critical ones fail, Unhealthy (HTTP 503) when a critical one fails.
 */
export type HealthStatus = 'Healthy' | 'Degraded' | 'Unhealthy';

export interface HealthCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check: () => Promise<unknown>;
  /** A failing critical check makes the process Unhealthy; others make it Degraded. */
  critical?: boolean;
}

export interface CheckResult {
  status: HealthStatus;
  durationMs: number;
  error?: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'Healthy', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: check.critical === false ? 'Degraded' : 'Unhealthy',
      durationMs: Math.round(performance.now() - started),
      // Public (no token): it says what failed, never where (hosts, ports, credentials).
      error: redactEndpoints(error instanceof Error ? error.message : String(error)),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(checks.map(runCheck));
  const report: HealthReport = { status: 'Healthy', checks: {} };
  checks.forEach((check, index) => {
    const result = results[index] as CheckResult;
    report.checks[check.name] = result;
    if (result.status === 'Unhealthy') report.status = 'Unhealthy';
    else if (result.status === 'Degraded' && report.status === 'Healthy') report.status = 'Degraded';
  });
  return report;
}

/** `health_status` and `health_check_status` values, as the seed numbers them. */
export const healthStatusValue: Readonly<Record<HealthStatus, number>> = { Healthy: 0, Degraded: 1, Unhealthy: 2 };

/**
 * A check that a GraphQL service answers `{ __typename }` at `url()` (read at each check, so
 * a URL that changes after start-up is followed). Non-critical by default: a process that
 * only calls a peer now and then is Degraded, not down, while that peer is. With
 * `authorization` (the process's service credential) the probe authenticates; without it, a
 * peer that requires authentication answers 401, which proves it is up as well.
 */
export function graphqlHealthCheck(name: string, url: () => string, critical = false, authorization?: () => Promise<string | undefined>): HealthCheck {
  return {
    name,
    critical,
    async check() {
      const credential = await authorization?.();
      const response = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(credential ? { authorization: credential } : {}) },
        body: '{"query":"{ __typename }"}',
        signal: AbortSignal.timeout(1_500),
      });
      await response.arrayBuffer();
      if (!response.ok && !(response.status === 401 && !credential)) throw new Error(`HTTP ${response.status}`);
    },
  };
}
