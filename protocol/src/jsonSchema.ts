import { AppError, type FieldViolation } from '@flow/platform/errors';
import { Ajv2020, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { linearRegExp, UnsupportedPatternError } from './linearRegExp.js';

/**
 * JSON Schema (draft 2020-12) support shared by the Schema, Address and Delivery managers and
 * the processors. Definitions are user input: patterns run on a linear-time engine
 * ({@link linearRegExp}), and each definition is compiled by an Ajv instance of its own, so
 * nothing ajv keeps per schema (its schema cache, its pattern scope) outlives the validator.
 * Compiled validators are cached by definition text (least recently used first out): payload
 * checks of one schema compile once. `addUsedSchema: false`: a schema's `$id` must not pin it.
 */
// A function, not a module constant, so that mutation testing (which leaves out what runs at
// import, stryker.config.mjs) still checks the options every compiled definition gets.
const ajvOptions = (): Options => ({
  allErrors: true,
  strict: false,
  // Stryker disable next-line BooleanLiteral: each definition gets an Ajv of its own (compileFresh), so no $id can pin another
  addUsedSchema: false,
  code: { regExp: linearRegExp },
});

/** Checks definitions against the draft 2020-12 meta-schema; it compiles nothing else, so it never grows. */
const metaSchemas = new Ajv2020(ajvOptions());
addFormats(metaSchemas);

const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 500;

/**
 * Bounds on a definition, checked before compiling: ajv's compile time grows with the schema
 * (measured about 1 ms a property) and its code generation recurses with the nesting.
 */
export const SCHEMA_LIMITS = {
  /** Characters of definition text (the Schema entity's `definition` field has the same maximum). */
  maxLength: 256 * 1024,
  /** Nesting of JSON objects and arrays, the root being 1: about 15 levels of nested `properties`. */
  maxDepth: 32,
  /** JSON values (objects, arrays, strings, numbers, booleans, nulls), keys not counted. */
  maxNodes: 10_000,
} as const;

function violation(field: string, constraint: string, message: string): AppError {
  const v: FieldViolation = { field, constraint, message };
  return AppError.badInput([v]);
}

/** Parses JSON text, failing with BAD_USER_INPUT naming `field`. */
export function parseJsonField(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw violation(field, 'json', `${field} is not valid JSON: ${(error as Error).message}`);
  }
}

/** How many compiled validators are cached (at most 500): the only per-schema state kept. */
export function cachedValidatorCount(): number {
  return cache.size;
}

/** Compiles a schema definition (JSON text), failing with BAD_USER_INPUT naming `field`. */
export function compileDefinition(text: string, field = 'definition'): ValidateFunction {
  const cached = cache.get(text);
  if (cached) {
    // Most recently used last, so eviction drops the least recently used.
    cache.delete(text);
    cache.set(text, cached);
    return cached;
  }
  if (text.length > SCHEMA_LIMITS.maxLength) {
    throw violation(field, 'maxLength', `${field} must be at most ${SCHEMA_LIMITS.maxLength} characters (got ${text.length})`);
  }
  const schema = parseJsonField(text, field);
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw violation(field, 'jsonSchema', `${field} is not a JSON Schema: it must be a JSON object`);
  }
  checkSize(schema, field);
  let validate: ValidateFunction;
  try {
    validate = compileFresh(schema);
  } catch (error) {
    if (error instanceof UnsupportedPatternError) {
      throw violation(field, 'pattern', `${field} has a pattern that cannot be used, ${JSON.stringify(error.pattern)}: ${error.reason}`);
    }
    throw violation(field, 'jsonSchema', `${field} is not a valid JSON Schema: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, validate);
  return validate;
}

/** Refuses a schema nested deeper or holding more values than {@link SCHEMA_LIMITS}; iterative, so any depth is safe. */
function checkSize(schema: object, field: string): void {
  const pending: Array<[value: unknown, depth: number]> = [[schema, 1]];
  let nodes = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (++nodes > SCHEMA_LIMITS.maxNodes) {
      throw violation(field, 'maxNodes', `${field} must hold at most ${SCHEMA_LIMITS.maxNodes} JSON values`);
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > SCHEMA_LIMITS.maxDepth) {
      throw violation(field, 'maxDepth', `${field} must nest objects and arrays at most ${SCHEMA_LIMITS.maxDepth} deep`);
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
}

/** Compiles with an Ajv of its own: as fast as the shared one was (measured 4.2 ms a schema either way). */
function compileFresh(schema: object): ValidateFunction {
  if (!metaSchemas.validateSchema(schema)) throw new Error(`schema is invalid: ${metaSchemas.errorsText(metaSchemas.errors)}`);
  // Stryker disable next-line BooleanLiteral: the schema passed the same meta-schema just above, so validating it again changes nothing
  const ajv = new Ajv2020({ ...ajvOptions(), validateSchema: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Validates a JSON payload (text) against a schema definition, naming each failing path. */
export function validatePayload(payload: string, definition: string, schemaId: string, field = 'payload'): void {
  const value = parseJsonField(payload, field);
  const validate = compileDefinition(definition, `schema ${schemaId} definition`);
  let valid: boolean;
  try {
    valid = validate(value);
  } catch (error) {
    // A recursive schema ($ref) recurses as deep as the payload nests.
    // Stryker disable next-line ConditionalExpression: a compiled validator throws nothing but the RangeError of its recursion
    if (error instanceof RangeError) throw violation(field, 'maxDepth', `${field} is nested too deeply to validate against schema ${schemaId}`);
    throw error;
  }
  if (valid) return;
  // Stryker disable next-line ArrayDeclaration: ajv sets errors whenever validation fails
  const errors = validate.errors ?? [];
  const problems = errors.map((error) => {
    // Stryker disable next-line StringLiteral: ajv gives every error a message
    const message = error.message ?? 'is invalid';
    return `${error.instancePath || '/'} ${message}`;
  });
  throw violation(field, 'schema', `${field} does not match schema ${schemaId}: ${problems.join('; ')}`);
}
