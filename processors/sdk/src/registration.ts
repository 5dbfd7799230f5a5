import { AppError, ErrorCode, isAppError, type Logger } from '@flow/platform';
import type { JsonSchema } from './handlerContext.js';
import { processorLabel, type AnyProcessorDefinition } from './defineProcessor.js';

export interface RegisteredSchema {
  id: string;
  definition: string;
}

export interface RegisteredProcessor {
  id: string;
  inputSchemaId: string;
  outputSchemaId: string;
  implementationHash: string | null;
}

/**
 * Where processors register: the Schema and Processor managers by composite key. The default
 * adapter speaks GraphQL to the gateway (graphqlRegistry.ts). Creates reject with an AppError
 * CONFLICT when the key is taken (another instance registered first).
 */
export interface ProcessorRegistry {
  schemaByKey(version: string, name: string): Promise<RegisteredSchema | null>;
  createSchema(input: { version: string; name: string; description?: string; definition: string }): Promise<RegisteredSchema>;
  processorByKey(version: string, name: string): Promise<RegisteredProcessor | null>;
  createProcessor(input: {
    version: string; name: string; description?: string; inputSchemaId: string; outputSchemaId: string; implementationHash: string;
  }): Promise<RegisteredProcessor>;
  setImplementationHash(id: string, implementationHash: string): Promise<RegisteredProcessor>;
}

const bumpTheVersion = 'a registered version is immutable: bump the processor version to register the change';

/** Key order does not matter to JSON Schema: compare definitions by their canonical form. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
}

const sameDefinition = (registered: string, schema: JsonSchema): boolean => {
  try {
    return JSON.stringify(canonical(JSON.parse(registered))) === JSON.stringify(canonical(schema));
  } catch {
    return false;
  }
};

/** Reads by key, else creates; a create that lost a race to another instance reads again. */
async function findOrCreate<T>(find: () => Promise<T | null>, create: () => Promise<T>): Promise<{ value: T; created: boolean }> {
  const found = await find();
  if (found) return { value: found, created: false };
  try {
    return { value: await create(), created: true };
  } catch (error) {
    const winner = isAppError(error) && error.code === ErrorCode.CONFLICT ? await find() : null;
    if (winner) return { value: winner, created: false };
    throw error;
  }
}

async function ensureSchema(registry: ProcessorRegistry, definition: AnyProcessorDefinition, role: 'input' | 'output', logger: Logger): Promise<string> {
  const name = `${definition.name}.${role}`;
  const schema = role === 'input' ? definition.inputSchema : definition.outputSchema;
  const { value, created } = await findOrCreate(
    () => registry.schemaByKey(definition.version, name),
    () => registry.createSchema({ version: definition.version, name, description: `${role} of processor ${processorLabel(definition)}`, definition: JSON.stringify(schema) }),
  );
  if (created) logger.info({ schemaId: value.id, name }, 'schema registered');
  else if (!sameDefinition(value.definition, schema)) {
    throw new AppError(ErrorCode.CONFLICT, `Schema ${name} ${definition.version} is registered with another definition than this processor's ${role}Schema: ${bumpTheVersion}`);
  }
  return value.id;
}

/**
 * Registers a processor version by composite key (DESIGN.md section 9): ensures its input and
 * output Schemas, then its Processor entity with `implementationHash`. Refuses (CONFLICT) a
 * version registered with another implementation or other schemas; a version registered
 * without a hash gets this one. Idempotent; answers the processor id.
 */
export async function registerProcessor(registry: ProcessorRegistry, definition: AnyProcessorDefinition, implementationHash: string, logger: Logger): Promise<string> {
  const label = processorLabel(definition);
  const inputSchemaId = await ensureSchema(registry, definition, 'input', logger);
  const outputSchemaId = await ensureSchema(registry, definition, 'output', logger);
  const { value: registered, created } = await findOrCreate(
    () => registry.processorByKey(definition.version, definition.name),
    () => registry.createProcessor({
      version: definition.version, name: definition.name, inputSchemaId, outputSchemaId, implementationHash,
      ...(definition.description === undefined ? {} : { description: definition.description }),
    }),
  );
  if (created) {
    logger.info({ processorId: registered.id, implementationHash }, `processor ${label} registered`);
    return registered.id;
  }
  if (registered.inputSchemaId !== inputSchemaId || registered.outputSchemaId !== outputSchemaId) {
    throw new AppError(ErrorCode.CONFLICT, `Processor ${label} is registered with other input/output schemas: ${bumpTheVersion}`);
  }
  if (registered.implementationHash === null) {
    await registry.setImplementationHash(registered.id, implementationHash);
    logger.info({ processorId: registered.id, implementationHash }, `processor ${label} had no implementation hash; recorded this one`);
  } else if (registered.implementationHash !== implementationHash) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Processor ${label} is registered with implementation hash ${registered.implementationHash}, but this implementation's is ${implementationHash}: the implementation changed, and ${bumpTheVersion}`,
      { details: { processorId: registered.id, registered: registered.implementationHash, actual: implementationHash } },
    );
  }
  return registered.id;
}
