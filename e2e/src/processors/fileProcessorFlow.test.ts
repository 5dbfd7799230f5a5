import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { System } from '@flow/launcher';
import { createFileProcessor, openFileSandbox } from '@flow/processor-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddress, createAssignment, createDelivery, createFlow, createSchema, createStep, createWorkflow } from '../fixtures.js';
import { waitForEnd, type RunStatus } from '../flowFixtures.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from '../harness.js';
import { fastOrchestration, orchestrationKinds } from '../orchestrationHarness.js';

const MAX_FILE_BYTES = 1024;
const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId } }';

describe.each(orchestrationKinds)('FileProcessor attacks through the orchestrator ($name)', (kind) => {
  let root: string;
  let outside: string;
  let system: System;
  let client: GraphQLClient;
  let fileId: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'flow-file-root-'));
    outside = await mkdtemp(join(tmpdir(), 'flow-file-outside-'));
    const fileProcessor = createFileProcessor(await openFileSandbox({ root, maxFileBytes: MAX_FILE_BYTES }));
    system = await startTestSystem(kind.backend, { processors: [fileProcessor] }, { ...fastOrchestration, ...kind.env });
    client = graphqlClient(system.gatewayUrl);
    fileId = (system.processors[0] as { processorId: string }).processorId;
  });
  afterAll(async () => {
    await stopTestSystem(system);
    for (const path of [root, outside]) if (path) await rm(path, { recursive: true, force: true });
  });

  /** Runs a one-step FileProcessor flow assigned an Address of `connectionString` (and a Delivery of `payload`). */
  async function runWith(connectionString: string, payload: unknown = { hello: 'world' }): Promise<{ addressId: string; step: RunStatus['steps'][number] }> {
    const schemaId = await createSchema(client, { definition: '{}' });
    const stepId = await createStep(client, fileId);
    const addressId = await createAddress(client, schemaId, { connectionString, payload: null });
    const deliveryId = await createDelivery(client, schemaId, { payload: JSON.stringify(payload) });
    const flowId = await createFlow(client, await createWorkflow(client, [stepId]), [await createAssignment(client, stepId, [addressId, deliveryId])]);
    await client.data(startMutation, { id: flowId, input: { n: 1 } });
    const run = await waitForEnd(client, flowId);
    expect(run.status).toBe('FAILED');
    return { addressId, step: run.steps[0] as RunStatus['steps'][number] };
  }

  it('should fail a step whose Address is file:///etc at once, attempts 1, writing nothing into /etc', async () => {
    const before = await readdir('/etc');
    const { addressId, step } = await runWith('file:///etc');
    expect(step).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step.error).toContain(`Address "${addressId}" resolves outside the processor's root`);
    expect(await readdir('/etc')).toEqual(before);
  });

  it('should fail a step whose Address is a symlink leading out of the root at once, attempts 1, writing nothing anywhere', async () => {
    const link = join(root, `escape-${kind.backend}`);
    await symlink(outside, link);
    const { addressId, step } = await runWith(pathToFileURL(join(link, 'sub')).href);
    expect(step).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step.error).toContain(`Address "${addressId}" resolves outside the processor's root`);
    expect(step.error).not.toContain(outside);
    expect(await readdir(outside, { recursive: true })).toEqual([]);
    expect(await readdir(root, { recursive: true })).toEqual([`escape-${kind.backend}`]);
  });

  it('should fail a step whose document exceeds the size cap at once, attempts 1, writing nothing', async () => {
    const directory = join(root, `oversized-${kind.backend}`);
    const { step } = await runWith(pathToFileURL(directory).href, { blob: 'x'.repeat(MAX_FILE_BYTES) });
    expect(step).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(step.error).toMatch(new RegExp(`FileProcessor refuses to write \\S+_delivery_\\S+\\.json: \\d+ bytes exceed the limit of ${MAX_FILE_BYTES} bytes per file`));
    expect(await readdir(root)).not.toContain(`oversized-${kind.backend}`);
  });
});
