import { createHash } from 'node:crypto';
import { mkdtemp, lstat, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { System } from '@flow/launcher';
import type { ActivityExecuted, ActivityFailed, AssignedEntity, ExecuteActivity } from '@flow/protocol';
import { builtImplementationHash } from '@flow/processor-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProcessor, fileProcessorVersion, openFileSandbox, type FileOutput } from '@flow/processor-file';
import { executeActivity, startProcessorHarness, startRegistrySystem, type ProcessorHarness } from './processorHarness.js';

const MAX_FILE_BYTES = 4096;
let system: System;
let files: ProcessorHarness;
/** The processor's root, and a directory outside it that the attacks aim at. */
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

/** Every entry under `path`, recursively, relative to it. */
const everything = async (path: string) => (await readdir(path, { recursive: true })).sort();

/** Sends the command and answers its ActivityFailed (the test fails on any other answer). */
async function refusal(command: ExecuteActivity): Promise<ActivityFailed['error']> {
  await files.send(command);
  const event = await files.eventOf(command.commandId);
  expect(event.type).toBe('ActivityFailed');
  return (event as ActivityFailed).error;
}

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

describe("FileProcessor's sandbox", () => {
  const refusedAs = (id: string) => ({
    message: `Address "${id}" resolves outside the processor's root`, type: 'AddressOutsideRoot', retryable: false, validation: false,
  });

  it('should refuse an Address of file:///etc without writing there', async () => {
    const before = await readdir('/etc');
    const command = executeActivity(files.processor.processorId, { entities: [address('etc', 'file:///etc')] });
    expect(await refusal(command)).toEqual(refusedAs('etc'));
    expect(await readdir('/etc')).toEqual(before);
  });

  it('should refuse an Address whose .. segments leave the root', async () => {
    const command = executeActivity(files.processor.processorId, { entities: [address('dots', `${url(root)}/../escape`)] });
    expect(await refusal(command)).toEqual(refusedAs('dots'));
    expect(await readdir(join(root, '..'))).not.toContain('escape');
  });

  it('should refuse a symlink inside the root that leads out, directly or as an ancestor, and write nothing anywhere', async () => {
    const link = join(root, 'escape-link');
    const dangling = join(root, 'dangling-link');
    await symlink(outside, link);
    await symlink(join(outside, 'not-yet'), dangling);
    const rootBefore = await everything(root);
    for (const target of [link, join(link, 'deeper', 'dir'), join(dangling, 'dir')]) {
      const command = executeActivity(files.processor.processorId, { entities: [address('symlinked', url(target)), delivery('d1', { secret: 1 })] });
      const error = await refusal(command);
      expect(error).toEqual(refusedAs('symlinked'));
      expect(error.message).not.toContain(outside);
      expect(error.message).not.toContain(root);
    }
    expect(await everything(outside)).toEqual([]);
    expect(await everything(root)).toEqual(rootBefore);
  });

  it('should refuse every Address of a step, writing into none, when one of them leads out', async () => {
    const good = join(root, 'good-but-not-created');
    const command = executeActivity(files.processor.processorId, { entities: [address('good', url(good)), address('etc', 'file:///etc')] });
    expect(await refusal(command)).toEqual(refusedAs('etc'));
    await expect(lstat(good)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('should replace a symlink planted at a file name instead of writing through it', async () => {
    const directory = await folder();
    const command = executeActivity(files.processor.processorId, { input: { planted: false }, entities: [address('a1', url(directory))] });
    const planted = join(directory, `${command.executionId}_${command.stepId}_input.json`);
    const victim = join(outside, 'victim.json');
    await symlink(victim, planted);
    await files.send(command);
    expect((await files.eventOf(command.commandId)).type).toBe('ActivityExecuted');
    expect((await lstat(planted)).isSymbolicLink()).toBe(false);
    await expect(readlink(planted)).rejects.toMatchObject({ code: 'EINVAL' });
    expect(JSON.parse(await readFile(planted, 'utf8'))).toEqual({ planted: false });
    expect(await everything(outside)).toEqual([]);
  });

  it('should refuse a document over the size cap as PayloadTooLarge before writing anything', async () => {
    const directory = join(root, 'oversized');
    const big = { blob: 'x'.repeat(MAX_FILE_BYTES) };
    const command = executeActivity(files.processor.processorId, { input: { small: true }, entities: [address('a1', url(directory)), delivery('big', big)] });
    const bytes = Buffer.byteLength(`${JSON.stringify(big, null, 2)}\n`);
    const error = await refusal(command);
    expect(error).toEqual({
      message: `FileProcessor refuses to write ${command.executionId}_${command.stepId}_delivery_big.json: ${bytes} bytes exceed the limit of ${MAX_FILE_BYTES} bytes per file`,
      type: 'PayloadTooLarge', retryable: false, validation: false,
    });
    await expect(lstat(directory)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('should refuse to open a root every user may write into, such as the temporary directory', async () => {
    await expect(openFileSandbox({ root: tmpdir(), maxFileBytes: 1 })).rejects.toThrow(/must not be writable by every user/);
  });

  it('should create a missing root at start', async () => {
    const missing = join(root, 'new-root', 'files');
    const sandbox = await openFileSandbox({ root: missing, maxFileBytes: 1 });
    expect(sandbox.root).toBe(missing);
    expect((await lstat(missing)).isDirectory()).toBe(true);
  });
});
