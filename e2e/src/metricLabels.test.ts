import { randomUUID } from 'node:crypto';
import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, stopTestSystem } from './harness.js';
import { runOneFlow, samplesOf, scrape, scrapeTargets, type Sample } from './metricsScrape.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';

/** Label values that can only be ids: UUIDs, Mongo ObjectIds, any long run of hex digits. */
const idLike = [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, /\b[0-9a-f]{24}\b/i, /[0-9a-f]{16,}/i];

describe.each(orchestrationKinds)('metric labels of every process ($name)', (kind) => {
  let system: System;
  const scraped = new Map<string, Sample[]>();

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind);
    expect((await runOneFlow(system)).status).toBe('COMPLETED');
    // Requests naming ids that do not exist, through GraphQL and REST: their ids must not become labels either.
    const missing = randomUUID();
    await graphqlClient(system.gatewayUrl).request('query($id: ID!) { step(id: $id) { id } }', { id: missing });
    await fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}/api/Step/${missing}`).then((response) => response.arrayBuffer());
    for (const target of scrapeTargets(system)) scraped.set(target.job, samplesOf(await scrape(target)));
  });
  afterAll(() => stopTestSystem(system));

  it('should scrape samples from the gateway, eight managers, the orchestrator and the processor', () => {
    expect(scraped.size).toBe(11);
    for (const samples of scraped.values()) expect(samples.length).toBeGreaterThan(0);
  });

  it('should never carry an id in a label value', () => {
    const offending = [...scraped].flatMap(([job, samples]) =>
      samples.flatMap((sample) => Object.entries(sample.labels)
        .filter(([, value]) => idLike.some((pattern) => pattern.test(value)))
        .map(([label, value]) => `${job}: ${sample.name}{${label}="${value}"}`)));
    expect(offending).toEqual([]);
  });

  it('should report each process health as a health_status sample', () => {
    for (const [job, samples] of scraped) expect(samples.some((sample) => sample.name === 'health_status'), job).toBe(true);
  });

  it('should count the run in orchestrator, manager and processor families', () => {
    const value = (job: string, name: string, labels: Record<string, string> = {}) =>
      (scraped.get(job) ?? []).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
    expect(value('orchestrator', 'orchestrator_executions_finished_total', { status: 'COMPLETED' })).toBe(1);
    expect(value('orchestrator', 'orchestrator_execution_duration_seconds_count', { status: 'COMPLETED' })).toBe(1);
    expect(value('orchestrator', 'orchestrator_step_duration_seconds_count', { status: 'SUCCEEDED' })).toBe(2);
    expect(value('orchestrator', 'orchestrator_executions', { status: 'COMPLETED' })).toBe(1);
    expect(value('orchestrator', 'orchestrator_processor_instances', { processor: 'EchoProcessor' })).toBeGreaterThanOrEqual(1);
    expect(value('processor-0', 'processor_schedule_to_start_seconds_count', { attempt: 'first' })).toBe(2);
    expect(value('manager-step', 'manager_operations_total', { entity: 'Step', operation: 'create', outcome: 'success' })).toBe(2);
    expect(value('manager-step', 'manager_operations_total', { entity: 'Step', operation: 'get', outcome: 'NOT_FOUND' })
      + value('manager-step', 'manager_operations_total', { entity: 'Step', operation: 'get', outcome: 'success' })).toBeGreaterThanOrEqual(1);
  });
});
