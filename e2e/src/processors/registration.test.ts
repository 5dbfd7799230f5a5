import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlRegistry, hashImplementation, registerProcessor, type ProcessorRegistry } from '@flow/processor-sdk';
import { temporaryProcessor, uniqueProcessorName } from '@flow/processor-sdk/testing';
import { startProcessorHarness, quietLogger, startRegistrySystem } from './processorHarness.js';

const inputSchema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
const outputSchema = { type: 'object', properties: { doubled: { type: 'integer' } } };

const declaration = (name = uniqueProcessorName(), version = '1.0.0') => ({
  name, version, description: 'doubles n', inputSchema, outputSchema, handle: async ({ input }: { input: { n: number } }) => ({ doubled: input.n * 2 }),
});

let system: System;
let registry: ProcessorRegistry;

beforeAll(async () => {
  system = await startRegistrySystem();
  registry = createGraphqlRegistry({ url: system.gatewayUrl, logger: quietLogger() });
});
afterAll(async () => system?.close());

describe('processor registration', () => {
  it('should create the input and output schemas and the processor with its implementation hash', async () => {
    const definition = await temporaryProcessor(declaration());
    const harness = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition });
    try {
      const input = await registry.schemaByKey('1.0.0', `${definition.name}.input`);
      const output = await registry.schemaByKey('1.0.0', `${definition.name}.output`);
      expect(JSON.parse(input?.definition ?? 'null')).toEqual(inputSchema);
      expect(JSON.parse(output?.definition ?? 'null')).toEqual(outputSchema);
      expect(await registry.processorByKey('1.0.0', definition.name)).toEqual({
        id: harness.processor.processorId,
        inputSchemaId: input?.id,
        outputSchemaId: output?.id,
        implementationHash: await hashImplementation(definition.implementationPaths),
      });
    } finally {
      await harness.close();
    }
  });

  it('should be idempotent: a second start registers nothing new and answers the same processor', async () => {
    const definition = await temporaryProcessor(declaration());
    const first = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition });
    const second = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition });
    try {
      expect(second.processor.processorId).toBe(first.processor.processorId);
      expect(second.processor.instanceId).not.toBe(first.processor.instanceId);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('should refuse to start a changed implementation under the same version, saying to bump the version', async () => {
    const name = uniqueProcessorName();
    const released = await temporaryProcessor(declaration(name));
    await registerProcessor(registry, released, await hashImplementation(released.implementationPaths), quietLogger());
    const changed = await temporaryProcessor({ ...declaration(name), handle: async ({ input }: { input: { n: number } }) => ({ doubled: input.n + input.n }) });
    await expect(startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: changed }))
      .rejects.toThrow(/is registered with implementation hash [0-9a-f]{64}, but this implementation's is [0-9a-f]{64}: .*bump the processor version/);
  });

  it('should start the changed implementation once its version is bumped', async () => {
    const name = uniqueProcessorName();
    const released = await temporaryProcessor(declaration(name));
    const first = await registerProcessor(registry, released, await hashImplementation(released.implementationPaths), quietLogger());
    const bumped = await temporaryProcessor({ ...declaration(name, '1.0.1'), handle: async () => ({ doubled: 0 }) });
    const harness = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: bumped });
    expect(harness.processor.processorId).not.toBe(first);
    await harness.close();
  });

  it('should record the hash of a version registered without one', async () => {
    const definition = await temporaryProcessor(declaration());
    const input = await registry.createSchema({ version: '1.0.0', name: `${definition.name}.input`, definition: JSON.stringify(inputSchema) });
    const output = await registry.createSchema({ version: '1.0.0', name: `${definition.name}.output`, definition: JSON.stringify(outputSchema) });
    const created = await fetch(system.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: CreateProcessorInput!) { createProcessor(input: $input) { id } }',
        variables: { input: { version: '1.0.0', name: definition.name, inputSchemaId: input.id, outputSchemaId: output.id } },
      }),
    }).then(async (response) => ((await response.json()) as { data: { createProcessor: { id: string } } }).data.createProcessor.id);
    const id = await registerProcessor(registry, definition, 'f'.repeat(64), quietLogger());
    expect(id).toBe(created);
    expect((await registry.processorByKey('1.0.0', definition.name))?.implementationHash).toBe('f'.repeat(64));
  });

  it('should refuse a version whose schema is registered with another definition', async () => {
    const definition = await temporaryProcessor(declaration());
    await registry.createSchema({ version: '1.0.0', name: `${definition.name}.input`, definition: JSON.stringify({ type: 'string' }) });
    await expect(registerProcessor(registry, definition, 'a'.repeat(64), quietLogger()))
      .rejects.toThrow(/Schema .*\.input 1\.0\.0 is registered with another definition .*bump the processor version/);
  });

  it('should treat schemas equal whatever the order of their keys', async () => {
    const definition = await temporaryProcessor(declaration());
    await registry.createSchema({ version: '1.0.0', name: `${definition.name}.input`, definition: JSON.stringify({ required: ['n'], properties: { n: { type: 'integer' } }, type: 'object' }) });
    await expect(registerProcessor(registry, definition, 'a'.repeat(64), quietLogger())).resolves.toMatch(/.+/);
  });

  it('should fail clearly when the gateway cannot be reached', async () => {
    const unreachable = createGraphqlRegistry({ url: 'http://127.0.0.1:9/graphql', logger: quietLogger(), unreachableForMs: 300 });
    await expect(unreachable.schemaByKey('1.0.0', 'x')).rejects.toThrow(/Cannot register at http:\/\/127\.0\.0\.1:9\/graphql/);
  });
});
