import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ErrorCode } from '@flow/platform';
import { defineProcessor, permanent, type HandlerContext, type JsonSchema, type ProcessorDefinition, type ProcessorEntity } from '@flow/processor-sdk';
import type { Json } from '@flow/protocol';
import { addressDirectory, fileSystemFailure, makeAddressDirectory, type AddressDirectory, type FileSandbox } from './fileSandbox.js';
import { writeExclusively } from './writeExclusively.js';

export { openFileSandbox, OUTSIDE_ROOT, type FileSandbox, type FileSandboxConfig } from './fileSandbox.js';

export interface WrittenFile {
  /** Path of the file written, under the directory its Address names. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface FileOutput {
  files: WrittenFile[];
}

const outputSchema: JsonSchema = {
  type: 'object',
  properties: {
    files: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, bytes: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        required: ['path', 'bytes', 'sha256'],
        additionalProperties: false,
      },
    },
  },
  required: ['files'],
  additionalProperties: false,
};

/** What the implementation hash covers: this module and the modules of the processor it imports. */
const implementationFiles = [import.meta.url, new URL('./fileSandbox.ts', import.meta.url).href, new URL('./writeExclusively.ts', import.meta.url).href];

/** `ActivityFailed.error.type` of a document over the size cap. */
export const PAYLOAD_TOO_LARGE = 'PayloadTooLarge';

/** A name part safe in any file system: ids are GUIDs, but nothing here trusts that. */
const safe = (value: Json | undefined, fallback: string): string =>
  typeof value === 'string' && value.length > 0 ? value.replace(/[^\w.-]/g, '_') : fallback;

/** The assigned Addresses whose connectionString is a file:// URL, each checked to lie inside the root. */
async function targetDirectories(sandbox: FileSandbox, entities: readonly ProcessorEntity[]): Promise<AddressDirectory[]> {
  const directories = new Map<string, AddressDirectory>();
  for (const { type, entity } of entities) {
    const connection = entity.connectionString;
    if (type !== 'ADDRESS' || typeof connection !== 'string' || !connection.startsWith('file:')) continue;
    const directory = await addressDirectory(sandbox, typeof entity.id === 'string' ? entity.id : '?', connection);
    if (!directories.has(directory.onDisk)) directories.set(directory.onDisk, directory);
  }
  return [...directories.values()];
}

/** The documents to write: the step input, then each entity payload, named per execution and step. */
function documentsOf({ input, entities, executionId, stepId }: HandlerContext): Array<{ name: string; value: Json }> {
  const prefix = `${safe(executionId, 'execution')}_${safe(stepId, 'step')}`;
  const payloads = entities.flatMap(({ type, entity, payload }, index) =>
    payload === undefined ? [] : [{ name: `${prefix}_${type.toLowerCase()}_${safe(entity.id, String(index))}.json`, value: payload }]);
  return [{ name: `${prefix}_input.json`, value: input }, ...payloads];
}

/** Every document as the bytes to write, refused as a whole (before anything is written) when one exceeds the cap. */
function encode(documents: ReadonlyArray<{ name: string; value: Json }>, maxFileBytes: number): Array<{ name: string; content: Buffer }> {
  return documents.map(({ name, value }) => {
    const content = Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    if (content.length > maxFileBytes) {
      throw permanent(`FileProcessor refuses to write ${name}: ${content.length} bytes exceed the limit of ${maxFileBytes} bytes per file`, {
        code: ErrorCode.PAYLOAD_TOO_LARGE, type: PAYLOAD_TOO_LARGE,
      });
    }
    return { name, content };
  });
}

/**
 * FileProcessor 1.0.0 (DESIGN.md section 9): writes the step input and its assigned entities'
 * payloads as JSON files into the directory of each assigned Address whose connectionString
 * is a file:// URL (created if missing). Files are named `<executionId>_<stepId>_input.json`
 * and `<executionId>_<stepId>_<address|delivery>_<entityId>.json`, so a retry or a redelivered
 * command overwrites its own files instead of adding more.
 *
 * Every refusal is non-retryable and happens before anything is written: no file:// Address;
 * an Address outside the sandbox's root (README "Sandbox"); a document over the size cap.
 */
export function createFileProcessor(sandbox: FileSandbox): ProcessorDefinition<Json, FileOutput> {
  return define(sandbox);
}

/**
 * FileProcessor 1.0.0 as `npm run build:hashes` and the registry see it (name, version,
 * schemas, implementation). It has no root, so it writes nothing: run
 * `createFileProcessor(await openFileSandbox(config.fileProcessor))`.
 */
export const fileProcessorVersion = define(undefined);

function define(sandbox: FileSandbox | undefined): ProcessorDefinition<Json, FileOutput> {
  return defineProcessor<Json, FileOutput>({
    name: 'FileProcessor',
    version: '1.0.0',
    description: 'Writes the step input and the assigned entities\' payloads as JSON files into each file:// Address directory under its root',
    inputSchema: {},
    outputSchema,
    implementationFiles,
    async handle(context) {
      if (!sandbox) throw permanent('FileProcessor was started without a root (createFileProcessor)');
      const directories = await targetDirectories(sandbox, context.entities);
      if (directories.length === 0) throw permanent('FileProcessor needs an assigned Address whose connectionString is a file:// URL');
      const documents = encode(documentsOf(context), sandbox.maxFileBytes);
      const files: WrittenFile[] = [];
      for (const directory of directories) {
        context.signal.throwIfAborted();
        await makeAddressDirectory(sandbox, directory);
        for (const { name, content } of documents) {
          await writeExclusively(directory.onDisk, name, content).catch((error: unknown) => { throw fileSystemFailure(directory.addressId, error); });
          files.push({ path: join(directory.named, name), bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') });
        }
      }
      context.logger.info({ files: files.length, directories: directories.length }, 'files written');
      return { files };
    },
  });
}
