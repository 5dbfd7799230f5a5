import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { System } from '@flow/launcher';
import { signToken } from '@flow/platform';
import { echoProcessor } from '@flow/processor-echo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFuzzTargets } from './fuzzSeed.js';
import { graphqlClient, requireInfra, startTestSystem, stopTestSystem } from './harness.js';
import { fastOrchestration, realServersEnv } from './orchestrationHarness.js';
import { findSchemathesis, hooksFile, reportOf, runSchemathesis, summaryOf } from './schemathesis.js';
import { schemathesisToml } from './schemathesisConfig.js';

/**
 * Schemathesis (a fuzzer nobody here wrote) against the gateway's OpenAPI document and its
 * GraphQL schema, with every check it has, as an `admin`. It must find nothing: the document
 * states exactly what the server accepts, and no request gets a 5xx.
 *
 * Budget (2 cores, real servers): 3.5 minutes measured (170 s + 40 s) while three other test
 * runs shared the cores, 5 minutes at a load average of 14. OpenAPI: every phase (examples,
 * coverage, fuzzing, stateful), FUZZ_MAX_EXAMPLES (default 10) cases per operation in fuzzing;
 * GraphQL: FUZZ_GRAPHQL_MAX_EXAMPLES (default 10). Both with one worker and a fixed seed
 * (FUZZ_SEED, default 1), so a failure is reproducible with the command the report prints.
 * One worker: with two, CPython 3.11's `ast.parse` (Hypothesis describing a strategy) races
 * between threads and fails with "AST constructor recursion depth mismatch" (fixed in 3.12).
 */
const bin = findSchemathesis();
const secret = 'fuzz-test-secret-0123456789-abcdefghijkl';
const seed = process.env.FUZZ_SEED ?? '1';
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '10';
const graphqlMaxExamples = process.env.FUZZ_GRAPHQL_MAX_EXAMPLES ?? '10';
// A guard against a hung run, not the budget (the slowest OpenAPI run measured took 260 s).
const runBudgetMs = 480_000;

// Locally a missing fuzzer skips with a hint; in CI (REQUIRE_INFRA=1) it fails the run.
if (!bin && !requireInfra) console.warn('[e2e] fuzz test skipped: Schemathesis not installed; run npm run fuzz:install');

describe.skipIf(!bin && !requireInfra)('Schemathesis against the gateway, authenticated as admin', () => {
  let system: System;
  let workDir: string;
  let token: string;

  beforeAll(async () => {
    if (!bin) throw new Error('REQUIRE_INFRA=1 but Schemathesis is not installed: run bash infra/schemathesis.sh (npm run fuzz:install)');
    // The fuzzer is one user at one address sending thousands of requests: no rate budget (rateLimits.test.ts checks those).
    system = await startTestSystem(realServersEnv ? 'mongo' : 'memory', { processors: [echoProcessor] }, {
      ...fastOrchestration, ...realServersEnv, AUTH_JWT_SECRET: secret, RATE_LIMIT_USER_PER_SECOND: '0', RATE_LIMIT_IP_PER_SECOND: '0',
    });
    token = await signToken(secret, { sub: 'fuzzer', roles: ['admin'] }, { ttlSeconds: 3600 });
    const processorId = system.processors[0]?.processorId;
    if (!processorId) throw new Error('the echo processor did not start');
    const dictionaries = await seedFuzzTargets(graphqlClient(system.gatewayUrl, { authorization: `Bearer ${token}` }), processorId);
    workDir = mkdtempSync(join(tmpdir(), 'flow-fuzz-'));
    for (const api of ['openapi', 'graphql'] as const) writeFileSync(join(workDir, `${api}.toml`), schemathesisToml(dictionaries, api));
    writeFileSync(join(workDir, 'dictionaries.json'), JSON.stringify(dictionaries));
  });

  afterAll(async () => {
    await stopTestSystem(system);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function fuzz(api: 'openapi' | 'graphql', location: string, examples: string): Promise<void> {
    const dropped = join(workDir, `${api}-domain-refusals.log`);
    const run = await runSchemathesis(bin as string, [
      '--config-file', join(workDir, `${api}.toml`), 'run', location,
      '--checks', 'all', '--max-examples', examples, '--workers', '1', '--seed', seed,
      // The response-time check's limit: Schemathesis's 10 s default was missed once on a 2-core
      // machine shared by four test runs (load average 15), by a 400 that takes milliseconds idle.
      '--generation-database', 'none', '--request-timeout', '30', '--max-response-time', '30',
    ], {
      cwd: workDir,
      env: { FUZZ_TOKEN: token, FUZZ_DICTIONARIES: join(workDir, 'dictionaries.json'), FUZZ_DROPPED_LOG: dropped, SCHEMATHESIS_HOOKS: hooksFile },
      timeoutMs: runBudgetMs,
    });
    const refusals = existsSync(dropped) ? readFileSync(dropped, 'utf8').split('\n').filter(Boolean) : [];
    console.log(`[fuzz] ${api}: ${summaryOf(run.output)}; ${refusals.length} GraphQL domain refusals not counted as failures`);
    // Exit 0 only when every check passed for every operation; the report says what failed.
    expect(run.exitCode, reportOf(run.output)).toBe(0);
    expect(run.output).toMatch(/\d+ generated, \d+ passed/);
  }

  it('should find no failure in the REST API described by /openapi.json', async () => {
    await fuzz('openapi', `${system.gatewayUrl.replace(/\/graphql$/, '')}/openapi.json`, maxExamples);
  }, runBudgetMs + 10_000);

  it('should find no failure in the GraphQL API at /graphql', async () => {
    await fuzz('graphql', system.gatewayUrl, graphqlMaxExamples);
  }, runBudgetMs + 10_000);
});
