import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProcessor, permanent, type HandlerContext, type ProcessorEntity } from '@flow/processor-sdk';
import type { Json } from '@flow/protocol';

export interface WrittenFile {
  /** Absolute path of the file written. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface FileOutput {
  files: WrittenFile[];
}

/** A name part safe in any file system: ids are GUIDs, but nothing here trusts that. */
const safe = (value: Json | undefined, fallback: string): string =>
  typeof value === 'string' && value.length > 0 ? value.replace(/[^\w.-]/g, '_') : fallback;

/** The directories of the assigned Addresses whose connectionString is a file:// URL. */
function targetDirectories(entities: readonly ProcessorEntity[]): string[] {
  const directories = entities.flatMap(({ type, entity }) => {
    const connection = entity.connectionString;
    if (type !== 'ADDRESS' || typeof connection !== 'string' || !connection.startsWith('file:')) return [];
    try {
      return [fileURLToPath(connection)];
    } catch (error) {
      throw permanent(`Address ${JSON.stringify(entity.id)} has a connectionString that is not a usable file URL: ${(error as Error).message}`);
    }
  });
  return [...new Set(directories)];
}

/** The documents to write: the step input, then each entity payload, named per execution and step. */
function documentsOf({ input, entities, executionId, stepId }: HandlerContext): Array<{ name: string; value: Json }> {
  const prefix = `${safe(executionId, 'execution')}_${safe(stepId, 'step')}`;
  const payloads = entities.flatMap(({ type, entity, payload }, index) =>
    payload === undefined ? [] : [{ name: `${prefix}_${type.toLowerCase()}_${safe(entity.id, String(index))}.json`, value: payload }]);
  return [{ name: `${prefix}_input.json`, value: input }, ...payloads];
}

/** Writes through a temporary file and a rename, so a reader never sees half a document. */
async function writeDocument(directory: string, name: string, value: Json): Promise<WrittenFile> {
  const content = Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  const path = join(directory, name);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
  return { path, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/**
 * FileProcessor 1.0.0 (DESIGN.md section 9): writes the step input and its assigned entities'
 * payloads as JSON files into the directory of each assigned Address whose connectionString
 * is a file:// URL (created if missing). Files are named `<executionId>_<stepId>_input.json`
 * and `<executionId>_<stepId>_<address|delivery>_<entityId>.json`, so a retry or a redelivered
 * command overwrites its own files instead of adding more. A step with no such Address fails
 * non-retryably: there is nowhere to write.
 */
export const fileProcessor = defineProcessor<Json, FileOutput>({
  name: 'FileProcessor',
  version: '1.0.0',
  description: 'Writes the step input and the assigned entities\' payloads as JSON files into each file:// Address directory',
  inputSchema: {},
  outputSchema: {
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
  },
  implementationFiles: [import.meta.url],
  async handle(context) {
    const directories = targetDirectories(context.entities);
    if (directories.length === 0) throw permanent('FileProcessor needs an assigned Address whose connectionString is a file:// URL');
    const documents = documentsOf(context);
    const files: WrittenFile[] = [];
    for (const directory of directories) {
      context.signal.throwIfAborted();
      await mkdir(directory, { recursive: true });
      for (const { name, value } of documents) files.push(await writeDocument(directory, name, value));
    }
    context.logger.info({ files: files.length, directories }, 'files written');
    return { files };
  },
});
