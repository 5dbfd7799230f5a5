import type { Page } from 'playwright-core';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing as missingChromium } from '../browser.js';
import { waitForEnd } from '../flowFixtures.js';
import { BRANCHES, startConsoleSystem, startRun, type ConsoleSystem } from './consoleSystem.js';

const chromiumMissing = missingChromium('Console');

/** Every host a page contacted, over HTTP and WebSocket. */
function recordHosts(page: Page): Set<string> {
  const hosts = new Set<string>();
  page.on('request', (request) => hosts.add(new URL(request.url()).host));
  page.on('websocket', (socket) => hosts.add(new URL(socket.url()).host));
  return hosts;
}

/**
 * Runs in the page (plain JavaScript: this file has no DOM types): records each change of any DAG
 * node's status as a snapshot of all of them, in `window.snapshots`.
 */
const recordSnapshots = `
  window.snapshots = [];
  const snapshot = () => {
    const nodes = [...document.querySelectorAll('[data-step-id][data-status]')];
    if (nodes.length === 0) return;
    const state = Object.fromEntries(nodes.map((node) => [node.dataset.stepId, node.dataset.status]));
    const last = window.snapshots.at(-1);
    if (!last || JSON.stringify(last) !== JSON.stringify(state)) window.snapshots.push(state);
  };
  new MutationObserver(snapshot).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
`;

describe.skipIf(chromiumMissing !== undefined)(`Console and GraphiQL in headless Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let c: ConsoleSystem;
  let gatewayHost: string;

  beforeAll(async () => {
    c = await startConsoleSystem();
    gatewayHost = new URL(c.base).host;
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  it('should serve the pages without a token (deep links included) under a same-origin CSP, while /graphql needs one', async () => {
    for (const path of ['/console', `/console/executions/${c.demoFlowId}`, '/graphiql']) {
      const response = await fetch(`${c.base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(await response.text()).toMatch(/<script type="module" crossorigin src="\/console\/assets\/[^"]+\.js">/);
    }
    const missing = await fetch(`${c.base}/console/assets/nothing-here.js`);
    expect(missing.status).toBe(404);
    const data = await fetch(`${c.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(data.status).toBe(401);
  });

  it('should start the demo flow from the flows page and show both steps reach Completed without a reload, contacting only the gateway', async () => {
    const page = await c.browser.newPage();
    const hosts = recordHosts(page);
    let loads = 0;
    page.on('load', () => void (loads += 1));
    // Authentication is on: the pages load without a token, the data needs the one pasted here.
    await page.goto(`${c.base}/console`);
    await page.getByRole('alert').filter({ hasText: 'Not signed in' }).waitFor();
    await page.getByLabel('Bearer token').fill(c.tokens.operator);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.locator('[data-flow="demo-flow"]').getByRole('button', { name: 'Start demo-flow' }).click();
    await page.waitForURL(/\/console\/executions\/[^/]+$/);
    await expect.poll(() => page.locator('[data-step]').count()).toBe(2);
    await page.locator('[data-testid="run-status"][data-status="COMPLETED"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="run-status"]').textContent()).toContain('Completed');
    expect(await page.locator('[data-step][data-status="SUCCEEDED"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-step')).sort()))
      .toEqual(['demo-echo', 'demo-write-files']);
    expect(loads).toBe(1);
    expect([...hosts]).toEqual([gatewayHost]);
    await page.close();
  });

  it('should show the steps of a 10-step fan-out and join turn running then succeeded in order as the run progresses', async () => {
    const page = await c.openPage();
    await page.addInitScript(recordSnapshots);
    await page.goto(`${c.base}/console/flows/${c.fanOut.flowId}`);
    await expect.poll(() => page.locator('[data-step]').count()).toBe(BRANCHES + 2);
    await page.getByRole('button', { name: 'Start fan-out-and-join' }).click();
    await page.locator('[data-testid="run-status"][data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
    const snapshots = await page.evaluate<Array<Record<string, string>>>('window.snapshots');
    await page.close();

    const { stepIds } = c.fanOut;
    const prepare = stepIds.prepare as string;
    const merge = stepIds.merge as string;
    const branches = Array.from({ length: BRANCHES }, (_, i) => stepIds[`branch${i + 1}`] as string);
    // Each step goes through its states in order, running seen on screen before succeeded.
    for (const id of [prepare, ...branches, merge]) {
      const seen = snapshots.map((s) => s[id]).filter((status, i, all) => status !== all[i - 1]);
      expect(seen.filter((status) => status !== 'PENDING')).toEqual(['RUNNING', 'SUCCEEDED']);
    }
    const first = (test: (s: Record<string, string>) => boolean): number => snapshots.findIndex(test);
    // Intermediate states shown: the first step running alone; then the branches running after it
    // succeeded, with the merge still pending; then the merge running after every branch succeeded.
    expect(first((s) => s[prepare] === 'RUNNING' && s[merge] === 'PENDING' && branches.every((b) => s[b] === 'PENDING'))).toBeGreaterThanOrEqual(0);
    expect(first((s) => s[prepare] === 'SUCCEEDED' && s[merge] === 'PENDING' && branches.some((b) => s[b] === 'RUNNING'))).toBeGreaterThanOrEqual(0);
    const mergeRunning = first((s) => s[merge] === 'RUNNING');
    expect(mergeRunning).toBeGreaterThan(0);
    expect(branches.every((b) => snapshots[mergeRunning]?.[b] === 'SUCCEEDED')).toBe(true);
    expect(first((s) => branches.some((b) => s[b] === 'RUNNING'))).toBeGreaterThan(first((s) => s[prepare] === 'SUCCEEDED') - 1);
  });

  it('should check a start input against the entry step\'s input schema as it is typed, and offer Start once it fits', async () => {
    const page = await c.openPage();
    await page.goto(`${c.base}/console`);
    const flow = page.locator('[data-flow="stock-count"]');
    const start = flow.getByRole('button', { name: 'Start stock-count' });
    await flow.getByRole('button', { name: 'Input for stock-count' }).click();
    const input = flow.getByLabel('Run input (JSON, optional)');
    const violations = () => flow.getByRole('status', { name: 'Input schema violations' }).locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-field')));
    await input.fill('{"count": "three"}');
    await expect.poll(violations, { timeout: 10_000 }).toEqual(['input/count']);
    expect(await flow.getByRole('status', { name: 'Input schema violations' }).textContent()).toContain(`input/count must be integer (input schema`);
    expect(await start.isDisabled()).toBe(true);
    await input.fill('{}');
    await expect.poll(violations, { timeout: 10_000 }).toEqual(['input']);
    await input.fill('{"count": 3}');
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await flow.getByRole('status', { name: 'Input schema violations' }).count()).toBe(0);
    // The server takes the input too: what refuses this start is that no instance of the processor runs.
    await start.click();
    const refusal = flow.locator('[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('SERVICE_UNAVAILABLE');
    expect(await refusal.textContent()).toContain('No live heartbeat');
    await page.close();
  });

  it('should show a start refused to a viewer as FORBIDDEN', async () => {
    const page = await c.openPage(c.tokens.viewer);
    await page.goto(`${c.base}/console`);
    await page.locator('[data-flow="demo-flow"]').getByRole('button', { name: 'Start demo-flow' }).click();
    const refusal = page.locator('[data-flow="demo-flow"] [role="alert"]');
    expect(await refusal.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await refusal.textContent()).toContain('Forbidden');
    expect(page.url()).toBe(`${c.base}/console`);
    await page.close();
  });

  it('should show a failing step\'s error and attempts in the side panel, opened with the keyboard', async () => {
    const executionId = await startRun(c.client, c.failing.flowId);
    const run = await waitForEnd(c.client, c.failing.flowId);
    const failed = run.steps.find((step) => step.status === 'FAILED');
    expect(failed?.error).toBeTruthy();
    const page = await c.openPage();
    await page.goto(`${c.base}/console/executions/${executionId}`);
    await page.locator('[data-testid="run-status"][data-status="FAILED"]').waitFor();
    await page.locator(`[data-step-id="${c.failing.stepIds.flaky}"]`).focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('step-panel');
    expect(await panel.getByTestId('step-attempts').textContent()).toBe(String(failed?.attempts));
    expect(failed?.attempts).toBe(3);
    expect(await panel.getByTestId('step-error').textContent()).toBe(failed?.error);
    expect(await panel.locator('[data-status]').getAttribute('data-status')).toBe('FAILED');
    await page.close();
  });

  it('should pause, resume, retry and rerun a run from its page, offering each control only where it applies', async () => {
    const executionId = await startRun(c.client, c.slow.flowId);
    const page = await c.openPage();
    await page.goto(`${c.base}/console/executions/${executionId}`);
    const status = (value: string) => page.locator(`[data-testid="run-status"][data-status="${value}"]`).waitFor({ timeout: 30_000 });
    const controls = () => page.locator('[data-control]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-control')));
    await status('RUNNING');
    expect(await controls()).toEqual(['pause', 'stop']);
    await page.locator('[data-control="pause"]').click();
    await status('PAUSED');
    expect(await controls()).toEqual(['resume', 'stop']);
    await page.locator('[data-control="resume"]').click();
    await status('COMPLETED');
    expect(await controls()).toEqual(['rerun']);

    const failed = await startRun(c.client, c.failing.flowId);
    await waitForEnd(c.client, c.failing.flowId);
    await page.goto(`${c.base}/console/executions/${failed}`);
    await status('FAILED');
    expect(await controls()).toEqual(['retry', 'rerun']);
    await page.locator('[data-control="retry"]').click();
    // The retried run runs again (its flaky step fails on every attempt) and ends FAILED once more.
    await expect.poll(async () => (await c.client.data<{ execution: { steps: Array<{ attempts: number }> } }>(
      'query($id: ID!) { execution(id: $id) { steps { attempts } } }', { id: failed },
    )).execution.steps.some((step) => step.attempts > 3), { timeout: 30_000 }).toBe(true);
    await status('FAILED');
    await page.locator('[data-control="rerun"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/executions/') && !url.pathname.endsWith(failed), { timeout: 10_000 });
    expect(page.url()).not.toContain(failed);
    await page.close();
  });

  it('should list exactly the runs of the chosen status when filtering runs by status', async () => {
    for (const flowId of [c.failing.flowId, c.demoFlowId]) {
      await startRun(c.client, flowId);
      await waitForEnd(c.client, flowId);
    }
    const { executions } = await c.client.data<{ executions: { nodes: Array<{ executionId: string; status: string }> } }>(
      '{ executions(first: 100) { nodes { executionId status } } }',
    );
    const page = await c.openPage();
    await page.goto(`${c.base}/console/executions`);
    await expect.poll(() => page.locator('[data-execution]').count(), { timeout: 10_000 }).toBe(executions.nodes.length);
    for (const status of ['FAILED', 'COMPLETED']) {
      const expected = executions.nodes.filter((run) => run.status === status).map((run) => run.executionId).sort();
      expect(expected.length).toBeGreaterThan(0);
      await page.selectOption('select[name="status"]', status);
      await expect.poll(() => page.locator('[data-execution]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-execution')).sort()), { timeout: 10_000 })
        .toEqual(expected);
      expect(new URL(page.url()).searchParams.get('status')).toBe(status);
    }
    await page.close();
  });

  it('should show each processor\'s live instances, queue and dead letters, updated without a reload as an instance starts and stops', async () => {
    const page = await c.openPage(c.tokens.viewer);
    let loads = 0;
    page.on('load', () => void (loads += 1));
    await page.goto(`${c.base}/console/processors`);
    const echo = page.locator('[data-processor="EchoProcessor"]');
    const instances = () => echo.locator('[data-instance]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-instance')).sort());
    await echo.locator('[data-live="1"]').waitFor();
    expect(await instances()).toEqual([c.system.processors[0]?.instanceId]);
    expect(await echo.getByTestId('queue-depth').textContent()).toBe('0 waiting');
    expect(await echo.getByTestId('dead-letters').textContent()).toBe('0');
    expect(await echo.locator('[data-live]').textContent()).toBe('●1 instance live');
    await page.locator('[data-processor="FileProcessor"] [data-live="1"]').waitFor();

    const extra = await c.startEchoInstance('console-extra');
    try {
      await echo.locator('[data-live="2"]').waitFor({ timeout: 10_000 });
      expect(await instances()).toEqual([c.system.processors[0]?.instanceId, 'console-extra'].sort());
    } finally {
      await extra.close();
    }
    await echo.locator('[data-live="1"]').waitFor({ timeout: 10_000 });
    expect(loads).toBe(1);
    await page.close();
  });

  it('should let an admin inspect, discard and replay a processor\'s dead letters, and tell a viewer it may not', async () => {
    const [echo] = c.system.processors;
    const queue = `processor.${echo?.processorId}`;
    // Messages that are not commands: the real EchoProcessor gives up on them at once.
    for (const n of [1, 2]) await c.system.orchestration.bus.publish(queue, { poison: n });
    const page = await c.openPage(c.tokens.admin);
    await page.goto(`${c.base}/console/processors`);
    const card = page.locator('[data-processor="EchoProcessor"]');
    await expect.poll(() => card.getByTestId('dead-letters').textContent(), { timeout: 10_000 }).toBe('2');
    const list = card.getByTestId('dead-letter-list');
    await list.locator('summary').click();
    const letters = list.locator('[data-dead-letter]');
    await expect.poll(() => letters.count(), { timeout: 10_000 }).toBe(2);
    expect(await list.getByTestId('dead-letter-reason').allTextContents()).toEqual([expect.stringMatching(/^NON_RETRYABLE: /), expect.stringMatching(/^NON_RETRYABLE: /)]);
    expect(await letters.locator('code').allTextContents()).toEqual(['{"poison":1}', '{"poison":2}']);

    await letters.first().locator('[data-action="discard"]').click();
    await expect.poll(() => letters.locator('code').allTextContents(), { timeout: 10_000 }).toEqual(['{"poison":2}']);
    // Replayed, the poison is given up on again: back as a new dead letter.
    const before = await letters.first().getAttribute('data-dead-letter');
    await list.locator('[data-action="replay-all"]').click();
    await expect.poll(async () => (await c.system.orchestration.bus.deadLetters.list(queue, 10)).map((letter) => letter.id), { timeout: 10_000 })
      .toEqual([expect.not.stringMatching(before ?? '')]);
    await page.reload();
    await expect.poll(() => card.getByTestId('dead-letters').textContent(), { timeout: 10_000 }).toBe('1');

    const viewer = await c.openPage(c.tokens.viewer);
    await viewer.goto(`${c.base}/console/processors`);
    const seen = viewer.locator('[data-processor="EchoProcessor"] [data-testid="dead-letter-list"]');
    await seen.locator('summary').click();
    await expect.poll(() => seen.textContent(), { timeout: 10_000 }).toContain('Forbidden');
    await viewer.close();

    await card.getByTestId('dead-letter-list').locator('summary').click();
    await card.locator('[data-action="discard-all"]').click();
    await expect.poll(() => card.getByTestId('dead-letters').textContent(), { timeout: 10_000 }).toBe('0');
    expect(await card.getByTestId('dead-letter-list').count()).toBe(0);
    await page.close();
  });

  it('should run a query and a subscription in GraphiQL served by the gateway, contacting nothing else', async () => {
    const page = await c.openPage();
    const hosts = recordHosts(page);
    const run = async (document: string, expected: string): Promise<void> => {
      await page.goto(`${c.base}/graphiql?query=${encodeURIComponent(document)}`);
      // The editor holds the document (and GraphiQL has loaded) before it is run.
      await page.locator('.graphiql-query-editor .CodeMirror-code', { hasText: document.split('(')[0] as string }).waitFor();
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window .CodeMirror-code');
      await expect.poll(async () => (await result.textContent())?.replace(/\s+/g, ' '), { timeout: 10_000 }).toContain(expected);
    };
    await run(`{ orchestratedFlow(id: "${c.demoFlowId}") { name } }`, '"name": "demo-flow"');
    let sockets = 0;
    page.on('websocket', () => void (sockets += 1));
    await run(`subscription { orchestrationStatus(orchestratedFlowId: "${c.failing.flowId}") { status } }`, '"status": "FAILED"');
    expect(sockets).toBe(1);
    expect([...hosts]).toEqual([gatewayHost]);
    await page.close();
  });
});
