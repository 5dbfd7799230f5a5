import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConsoleBuilt } from '@flow/console';
import { ensureDemoFlow, type System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { createFileProcessor, openFileSandbox } from '@flow/processor-file';
import { signToken } from '@flow/platform';
import type { RunningProcessor } from '@flow/processor-sdk';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser.js';
import { createProcessor, createSchema } from '../fixtures.js';
import { createGraphFlow, type GraphFlow, type GraphStep } from '../flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from '../harness.js';
import { fastOrchestration, orchestrationKinds } from '../orchestrationHarness.js';
import { startExtraProcessor } from '../orchestrationInstances.js';

/** Each step of the fan-out flow takes this long, so that every state stays on screen a while. */
export const STEP_DELAY_MS = 500;
export const BRANCHES = 8;

/** A 10-step fan-out and join: prepare, 8 parallel branches, then merge. */
export const fanOutGraph: GraphStep[] = [
  { key: 'prepare', name: 'prepare', next: Array.from({ length: BRANCHES }, (_, i) => `branch${i + 1}`), payload: { delayMs: STEP_DELAY_MS } },
  ...Array.from({ length: BRANCHES }, (_, i): GraphStep => ({ key: `branch${i + 1}`, name: `branch-${i + 1}`, next: ['merge'], payload: { delayMs: STEP_DELAY_MS } })),
  { key: 'merge', name: 'merge', payload: { delayMs: STEP_DELAY_MS } },
];

const embedded = orchestrationKinds[0] as (typeof orchestrationKinds)[number];

/** Authentication is on: the console is used with a pasted token, as in production. */
const secret = 'console-tests-secret-0123456789abcdef-0123';
const tokenFor = (...roles: string[]): Promise<string> => signToken(secret, { sub: `console-${roles.join('-')}`, roles }, { ttlSeconds: 7200 });

export interface ConsoleSystem {
  system: System;
  client: GraphQLClient;
  /** The gateway's origin, e.g. http://127.0.0.1:41234 */
  base: string;
  demoFlowId: string;
  fanOut: GraphFlow;
  /** One step whose EchoProcessor fails on every attempt (failTimes above ORCHESTRATOR_MAX_ATTEMPTS). */
  failing: GraphFlow;
  /** Two steps, the first held 3 s (its own timeout 30 s): long enough to pause it from the page. */
  slow: GraphFlow;
  /** One step on a processor whose input schema requires an integer `count`; it is registered, no instance runs. */
  strict: GraphFlow;
  browser: Browser;
  tokens: { operator: string; viewer: string; admin: string };
  /** Another EchoProcessor instance beside the system's, as another process would be. */
  startEchoInstance(instanceId: string): Promise<RunningProcessor>;
  /** A new page (its own context) whose session already holds `token`, as if pasted before. */
  openPage(token?: string, options?: Parameters<Browser['newPage']>[0]): Promise<Page>;
  close(): Promise<void>;
}

/**
 * What the console's browser test and the screenshot script share: a fresh build when stale,
 * the whole system in-process with EchoProcessor and FileProcessor (fast retries), the demo flow
 * `npm start` creates, the fan-out flow, a failing flow, and one headless Chromium.
 */
export async function startConsoleSystem(): Promise<ConsoleSystem> {
  await ensureConsoleBuilt();
  const root = await mkdtemp(join(tmpdir(), 'console-'));
  const fileProcessor = createFileProcessor(await openFileSandbox({ root, maxFileBytes: 1_000_000 }));
  const system = await startTestSystem('memory', { processors: [echoProcessor, fileProcessor] }, { ...fastOrchestration, AUTH_JWT_SECRET: secret });
  const [echo] = system.processors;
  if (!echo || system.processors.length !== 2) throw new Error('processors did not start');
  // The set-up writes entities (editor) and starts runs over the API (operator).
  const editor = `Bearer ${await tokenFor('editor', 'operator')}`;
  const client = graphqlClient(system.gatewayUrl, { authorization: editor });
  const demo = await ensureDemoFlow(system.gatewayUrl, root, editor);
  const fanOut = await createGraphFlow(client, echo.processorId, fanOutGraph, { name: 'fan-out-and-join' });
  const failing = await createGraphFlow(client, echo.processorId, [
    { key: 'fetch', name: 'fetch-report', next: ['flaky'] },
    { key: 'flaky', name: 'flaky-upload', payload: { failTimes: 99 } },
  ], { name: 'flaky-upload' });
  const slow = await createGraphFlow(client, echo.processorId, [
    { key: 'wait', name: 'wait-for-it', next: ['then'], payload: { delayMs: 3_000 }, fields: { timeoutMs: 30_000 } },
    { key: 'then', name: 'then-finish' },
  ], { name: 'slow-run' });
  const countSchema = await createSchema(client, {
    name: 'CountInput', definition: JSON.stringify({ type: 'object', properties: { count: { type: 'integer', minimum: 1 } }, required: ['count'] }),
  });
  // Processors are registered by themselves or an admin.
  const admin = graphqlClient(system.gatewayUrl, { authorization: `Bearer ${await tokenFor('admin')}` });
  const counter = await createProcessor(admin, countSchema, countSchema, { name: 'InventoryCounter', description: 'Counts stock (registered; no instance runs here)' });
  const strict = await createGraphFlow(client, counter, [{ key: 'count', name: 'count-stock' }], { name: 'stock-count' });
  const browser = await launchChromium();
  const tokens = { operator: await tokenFor('operator'), viewer: await tokenFor('viewer'), admin: await tokenFor('admin') };
  const base = system.gatewayUrl.replace(/\/graphql$/, '');
  return {
    system, client, base, demoFlowId: demo.flowId, fanOut, failing, slow, strict, browser, tokens,
    startEchoInstance: (instanceId) => startExtraProcessor(embedded, system, echoProcessor, instanceId, { ...fastOrchestration, AUTH_JWT_SECRET: secret }),
    async openPage(token = tokens.operator, options = {}) {
      const page = await browser.newPage(options);
      await page.addInitScript(tokenScript(token));
      return page;
    },
    async close() {
      await browser.close();
      await stopTestSystem(system);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Where the console keeps a pasted token (console/src/token.ts). */
const TOKEN_KEY = 'flow-orchestrator.token';

/** An init script that puts `token` in the page's session, as if pasted before. */
export const tokenScript = (token: string): string => `sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)})`;

/** Starts a run over the API; answers its execution id. */
export async function startRun(client: GraphQLClient, flowId: string): Promise<string> {
  const { startOrchestration } = await client.data<{ startOrchestration: { executionId: string } }>(
    'mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id) { executionId } }', { id: flowId },
  );
  return startOrchestration.executionId;
}
