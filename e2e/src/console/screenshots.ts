import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleDistDir } from '@flow/console';
import type { Page } from 'playwright-core';
import { waitForEnd } from '../flowFixtures.js';
import { startConsoleSystem, startRun, tokenScript } from './consoleSystem.js';

/**
 * `npm run console:screenshots`: 1280x800 light and dark PNGs of every console page and of
 * GraphiQL into docs/console/ (and the run page at phone width), then the figures the README
 * states: the console's JavaScript gzipped and the run page's first paint and time to interactive.
 */
const out = join(import.meta.dirname, '../../../docs/console');
const c = await startConsoleSystem();
try {
  await mkdir(out, { recursive: true });
  const demoRun = await startRun(c.client, c.demoFlowId);
  await waitForEnd(c.client, c.demoFlowId);
  const fanOutRun = await startRun(c.client, c.fanOut.flowId);
  await waitForEnd(c.client, c.fanOut.flowId);
  const failedRun = await startRun(c.client, c.failing.flowId);
  await waitForEnd(c.client, c.failing.flowId);
  const ready = (selector: string) => async (page: Page): Promise<void> => {
    await page.locator(selector).first().waitFor();
  };
  const shots: Array<[string, string, (page: Page) => Promise<void>]> = [
    ['flows', '/console', ready('[data-flow]')],
    ['flow', `/console/flows/${c.fanOut.flowId}`, ready('[data-step]')],
    ['runs', '/console/executions', ready('[data-execution]')],
    ['run', `/console/executions/${fanOutRun}`, ready('[data-testid="run-status"]')],
    ['run-failed', `/console/executions/${failedRun}`, async (page) => {
      await page.locator(`[data-step-id="${c.failing.stepIds.flaky}"]`).click();
      await page.getByTestId('step-panel').waitFor();
    }],
    ['processors', '/console/processors', ready('[data-processor]')],
    ['graphiql', `/graphiql?query=${encodeURIComponent(`{ execution(id: "${demoRun}") { status steps { step { name } status attempts } } }`)}`, async (page) => {
      await page.locator('.graphiql-query-editor .CodeMirror-code', { hasText: 'execution' }).waitFor();
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.result-window', { hasText: 'SUCCEEDED' }).waitFor();
    }],
  ];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await c.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    await context.addInitScript(tokenScript(c.tokens.operator));
    const page = await context.newPage();
    for (const [name, path, settle] of shots) {
      await page.goto(`${c.base}${path}`);
      await settle(page);
      await page.waitForTimeout(300); // React Flow's fitView and fonts settle
      await page.screenshot({ path: join(out, `${name}-${colorScheme}.png`) });
    }
    await context.close();
  }
  // An admin inspecting dead letters: messages that are not commands, given up on by EchoProcessor.
  for (const n of [1, 2]) await c.system.orchestration.bus.publish(`processor.${c.system.processors[0]?.processorId}`, { poison: n });
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await c.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    await context.addInitScript(tokenScript(c.tokens.admin));
    const page = await context.newPage();
    await page.goto(`${c.base}/console/processors`);
    const list = page.locator('[data-processor="EchoProcessor"] [data-testid="dead-letter-list"]');
    await list.locator('summary').click();
    await list.locator('[data-dead-letter]').nth(1).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `dead-letters-${colorScheme}.png`) });
    await context.close();
  }
  const phone = await c.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'light' });
  await phone.addInitScript(tokenScript(c.tokens.operator));
  const phonePage = await phone.newPage();
  await phonePage.goto(`${c.base}/console/executions/${fanOutRun}`);
  await phonePage.locator('[data-testid="run-status"]').waitFor();
  await phonePage.waitForTimeout(300);
  await phonePage.screenshot({ path: join(out, 'run-phone.png'), fullPage: true });
  await phone.close();

  // Figures: first paint and interactive (the run's status shown, from the live data) on a cold page.
  const timings: number[][] = [];
  for (let i = 0; i < 5; i++) {
    const context = await c.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(tokenScript(c.tokens.operator));
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(`${c.base}/console/executions/${fanOutRun}`);
    await page.locator('[data-testid="run-status"]').waitFor();
    const interactive = Date.now() - start;
    const paint = await page.evaluate<number>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
    timings.push([Math.round(paint), interactive]);
    await context.close();
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? -1;
  const html = await readFile(join(consoleDistDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/\/console\/assets\/([^"]+\.js)/g)].map((match) => match[1] as string);
  let gzip = 0;
  for (const script of scripts) gzip += gzipSync(await readFile(join(consoleDistDir, 'assets', script))).length;
  const all = (await readdir(join(consoleDistDir, 'assets'))).filter((file) => file.endsWith('.js'));
  process.stdout.write([
    `screenshots: ${out}`,
    `console JavaScript (${scripts.join(', ')}): ${(gzip / 1024).toFixed(1)} KiB gzip; all bundles incl. GraphiQL: ${all.length} files`,
    `run page, median of 5 cold loads: first contentful paint ${median(timings.map((t) => t[0] as number))} ms, interactive (run status shown) ${median(timings.map((t) => t[1] as number))} ms`,
  ].join('\n') + '\n');
} finally {
  await c.close();
}
