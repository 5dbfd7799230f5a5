import type { System } from '@flow/launcher';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing as missingChromium, launchChromium } from './browser.js';
import { createProcessor, createSchema, createStep } from './fixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem } from './harness.js';

const chromiumMissing = missingChromium('Swagger UI');

describe.skipIf(chromiumMissing !== undefined)(`Swagger UI in headless Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let system: System;
  let browser: Browser;
  let base: string;
  let stepId: string;

  beforeAll(async () => {
    system = await startTestSystem('memory');
    base = system.gatewayUrl.replace(/\/graphql$/, '');
    const client = graphqlClient(system.gatewayUrl);
    const schemaId = await createSchema(client);
    stepId = await createStep(client, await createProcessor(client, schemaId, schemaId));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stopTestSystem(system);
  });

  it('should run GET /api/Step from the UI and show the 200 answer with the step created beforehand', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/swagger`);
    const operation = page.locator('#operations-Step-listStep');
    await operation.locator('.opblock-summary-control').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/Step');
    await operation.getByRole('button', { name: 'Execute' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect((await response.json()) as Array<{ id: string }>).toEqual(expect.arrayContaining([expect.objectContaining({ id: stepId })]));

    const answer = operation.locator('.live-responses-table tr.response');
    expect(await answer.locator('.response-col_status').textContent()).toContain('200');
    expect(await answer.locator('.response-col_description .highlight-code').first().textContent()).toContain(stepId);
  });

  it('should load every asset from the server itself, not from a CDN', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${base}/swagger`);
    await page.locator('#operations-Step-listStep').waitFor();
    await page.close();
    expect(requested.length).toBeGreaterThan(3);
    expect(requested.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    expect(requested).toContain(`${base}/openapi.json`);
  });
});
