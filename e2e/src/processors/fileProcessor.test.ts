import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { System } from '@flow/launcher';
import type { ActivityExecuted, ActivityFailed, AssignedEntity } from '@flow/protocol';
import { builtImplementationHash } from '@flow/processor-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProcessor, fileProcessorVersion, openFileSandbox, type FileOutput } from '@flow/processor-file';
import { executeActivity, startProcessorHarness, startRegistrySystem, type ProcessorHarness } from './processorHarness.js';

const MAX_FILE_BYTES = 4096;
let system: System;
let files: ProcessorHarness;
/** The processor's root, and a directory outside it. */
let root: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flow-file-root-'));
  outside = await mkdtemp(join(tmpdir(), 'flow-file-outside-'));
  system = await startRegistrySystem();
  const definition = createFileProcessor(await openFileSandbox({ root, maxFileBytes: MAX_FILE_BYTES }));
  files = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition });
});
afterAll(async () => {
  await files?.close();
  await system?.close();
  for (const path of [root, outside]) if (path) await rm(path, { recursive: true, force: true });
});

const schema = JSON.stringify({ type: 'object' });
const address = (id: string, connectionString: string, payload: unknown = null): AssignedEntity => ({
  type: 'ADDRESS', entity: { id, connectionString, payload: payload === null ? null : JSON.stringify(payload) }, schemaDefinition: schema,
});
const delivery = (id: string, payload: unknown): AssignedEntity => ({ type: 'DELIVERY', entity: { id, payload: JSON.stringify(payload) }, schemaDefinition: schema });
const folder = () => mkdtemp(join(root, 'address-'));
const url = (path: string) => pathToFileURL(path).href;

describe('FileProcessor 1.0.0', () => {
  it('should start from a current implementation.sha256', async () => {
    await expect(builtImplementationHash(fileProcessorVersion)).resolves.toMatch(/^[0-9a-f]{64}$/);
  });

  it('should write the input and every entity payload as JSON into each file:// Address directory, answering sizes and SHA-256', async () => {
    const [first, second] = [await folder(), join(await folder(), 'created', 'on-demand')];
    const command = executeActivity(files.processor.processorId, {
      input: { order: 7 },
      entities: [address('a1', url(first), { mode: 'append' }), address('a2', url(second)), delivery('d1', { lines: [1, 2] })],
    });
    await files.send(command);
    const event = (await files.eventOf(command.commandId)) as ActivityExecuted;
    expect(event.type).toBe('ActivityExecuted');
    const output = event.output as unknown as FileOutput;
    const prefix = `${command.executionId}_${command.stepId}`;
    expect((await readdir(first)).sort()).toEqual([`${prefix}_address_a1.json`, `${prefix}_delivery_d1.json`, `${prefix}_input.json`]);
    expect((await readdir(second)).sort()).toEqual([`${prefix}_address_a1.json`, `${prefix}_delivery_d1.json`, `${prefix}_input.json`]);
    expect(output.files).toHaveLength(6);
    for (const file of output.files) {
      const content = await readFile(file.path);
      expect(file.bytes).toBe(content.length);
      expect(file.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    }
    expect(JSON.parse(await readFile(join(first, `${prefix}_input.json`), 'utf8'))).toEqual({ order: 7 });
    expect(JSON.parse(await readFile(join(second, `${prefix}_delivery_d1.json`), 'utf8'))).toEqual({ lines: [1, 2] });
  });

  it('should overwrite its own files when the same step runs again', async () => {
    const directory = await folder();
    const overrides = { entities: [address('a1', url(directory))] };
    const command = executeActivity(files.processor.processorId, { ...overrides, input: 1 });
    await files.send(command);
    await files.eventOf(command.commandId);
    const again = { ...command, commandId: `${command.commandId}-2`, attempt: 2, input: 2 };
    await files.send(again);
    const event = (await files.eventOf(again.commandId)) as ActivityExecuted;
    expect(await readdir(directory)).toHaveLength(1);
    expect((event.output as unknown as FileOutput).files.map((file) => file.bytes)).toEqual([2]);
  });

  it('should fail non-retryably when no assigned Address is a file:// URL', async () => {
    const event = (await files.execute({ entities: [address('a1', 'amqp://elsewhere'), delivery('d1', {})] })) as ActivityFailed;
    expect(event.error).toMatchObject({ retryable: false, validation: false });
    expect(event.error.message).toMatch(/needs an assigned Address whose connectionString is a file:\/\/ URL/);
  });
});
