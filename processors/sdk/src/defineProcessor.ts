import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from '@flow/protocol';
import type { HandlerContext, JsonSchema } from './handlerContext.js';
import { compileSchema } from './validation.js';

export interface ProcessorDeclaration<TInput = Json, TOutput = unknown> {
  /** 1..43 characters: the schemas are registered as `<name>.input` / `<name>.output` (50 at most). */
  name: string;
  /** 1..50 characters. A version is immutable: changing the implementation needs a new one. */
  version: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /**
   * The files whose content is this version's implementation (absolute paths or file URLs,
   * usually `[import.meta.url]` plus any module of the processor it imports). Their SHA-256
   * is the processor's implementation hash; the first one locates `implementation.sha256`.
   */
  implementationFiles: ReadonlyArray<string | URL>;
  /** Answers the output, or throws: `permanent(message)`, `retryable(message)` or any AppError (see processorError.ts). */
  handle(context: HandlerContext<TInput>): Promise<TOutput>;
}

const DEFINITION = Symbol.for('flow-orchestrator.ProcessorDefinition');

export interface ProcessorDefinition<TInput = Json, TOutput = unknown> extends ProcessorDeclaration<TInput, TOutput> {
  readonly [DEFINITION]: true;
  /** Absolute paths of `implementationFiles`. */
  readonly implementationPaths: readonly string[];
}

function toPath(file: string | URL): string {
  const path = file instanceof URL || file.startsWith('file:') ? fileURLToPath(file) : file;
  if (!isAbsolute(path)) throw new TypeError(`implementationFiles must be absolute paths or file URLs, got "${String(file)}"`);
  return path;
}

function checkLength(field: string, value: string | undefined, max: number): void {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new TypeError(`processor ${field} must be 1..${max} characters, got ${JSON.stringify(value)}`);
  }
}

/**
 * Declares a processor. Fails at once (TypeError, or the schema's compile error) on what the
 * registry would refuse later: names too long, schemas that do not compile, no implementation.
 */
export function defineProcessor<TInput = Json, TOutput = unknown>(declaration: ProcessorDeclaration<TInput, TOutput>): ProcessorDefinition<TInput, TOutput> {
  checkLength('name', declaration.name, 43);
  checkLength('version', declaration.version, 50);
  if (declaration.description !== undefined && declaration.description.length > 1000) {
    throw new TypeError('processor description must be at most 1000 characters');
  }
  compileSchema(declaration.inputSchema, `${declaration.name} inputSchema`);
  compileSchema(declaration.outputSchema, `${declaration.name} outputSchema`);
  if (declaration.implementationFiles.length === 0) throw new TypeError('implementationFiles must name at least one file');
  const implementationPaths = Object.freeze(declaration.implementationFiles.map(toPath));
  return Object.freeze({ ...declaration, implementationPaths, [DEFINITION]: true as const });
}

/**
 * Any processor's definition, whatever its input and output types: what the runtime handles
 * (it validates input and output against the schemas, not against TypeScript types).
 */
export type AnyProcessorDefinition = ProcessorDefinition<never, unknown>;

export function isProcessorDefinition(value: unknown): value is AnyProcessorDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINITION] === true;
}

/** `name@version`, how logs and `implementation.sha256` name a processor version. */
export const processorLabel = (definition: Pick<ProcessorDeclaration, 'name' | 'version'>): string =>
  `${definition.name}@${definition.version}`;
