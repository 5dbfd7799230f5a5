import { compileDefinition, type AssignedEntity, type Json } from '@flow/protocol';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validationFailure } from './processorError.js';
import type { JsonSchema, ProcessorEntity } from './handlerContext.js';

/**
 * Full JSON Schema validation (ajv, draft 2020-12, all errors) of what a processor reads and
 * writes. Every failure is a non-retryable AppError flagged `validation` (type `ValidationError`): the same data
 * would fail again on any attempt.
 */

/** Compiles a schema object (cached by its JSON text); throws when it is not a valid schema. */
export function compileSchema(schema: JsonSchema, what: string): ValidateFunction {
  return compileDefinition(JSON.stringify(schema), what);
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const problems = (errors ?? []).slice(0, 10).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  return problems.join('; ') || 'is invalid';
}

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) throw validationFailure(`${what} does not match its schema: ${describe(validate.errors)}`);
}

export function validateInput(validate: ValidateFunction, input: Json): void {
  check(validate, input, 'input');
}

function describeEntity(assigned: AssignedEntity, index: number): string {
  const id = assigned.entity.id;
  return `${assigned.type === 'ADDRESS' ? 'Address' : 'Delivery'} ${typeof id === 'string' ? id : `#${index}`}`;
}

/** Parses each entity's payload (JSON text) and validates it against its schema definition. */
export function parseEntities(entities: readonly AssignedEntity[]): ProcessorEntity[] {
  return entities.map((assigned, index) => {
    const what = describeEntity(assigned, index);
    const text = assigned.entity.payload;
    if (text === undefined || text === null) return { type: assigned.type, entity: assigned.entity, payload: undefined };
    if (typeof text !== 'string') throw validationFailure(`${what} payload must be JSON text, got ${typeof text}`);
    let payload: Json;
    try {
      payload = JSON.parse(text) as Json;
    } catch (error) {
      throw validationFailure(`${what} payload is not valid JSON: ${(error as Error).message}`);
    }
    let validate: ValidateFunction;
    try {
      validate = compileDefinition(assigned.schemaDefinition, `${what} schemaDefinition`);
    } catch (error) {
      throw validationFailure((error as Error).message);
    }
    check(validate, payload, `${what} payload`);
    return { type: assigned.type, entity: assigned.entity, payload };
  });
}

/**
 * The output as it will travel: a JSON copy (what JSON cannot carry, such as `undefined`
 * fields, is dropped the way the wire would drop it), validated against the output schema.
 */
export function validateOutput(validate: ValidateFunction, output: unknown): Json {
  let copy: Json;
  try {
    // A handler that answers nothing answers null, as a JSON API would.
    const text = JSON.stringify(output === undefined ? null : output) as string | undefined;
    if (text === undefined) throw new TypeError(`${typeof output} has no JSON form`);
    copy = JSON.parse(text) as Json;
  } catch (error) {
    throw validationFailure(`output is not JSON-serializable: ${(error as Error).message}`);
  }
  check(validate, copy, 'output');
  return copy;
}
