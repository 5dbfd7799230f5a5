import { AppError, type FieldViolation } from '@flow/platform';
import { compileDefinition, type Json } from '@flow/protocol';

/** The input schema of a processor that an entry step of the flow runs, read at start. */
export interface EntryInputSchema {
  stepId: string;
  processorId: string;
  schemaId: string;
  /** The Schema entity's definition (JSON text of a JSON Schema). */
  definition: string;
}

/** At most this many violations are listed: a huge input could break every rule of a schema. */
const MAX_VIOLATIONS = 50;

/**
 * Every way the start input breaks the input schema of an entry step that will run (each as
 * a field violation naming the path in the input, the step, its processor and the schema).
 * Pure apart from the validator cache of @flow/protocol.
 */
export function startInputViolations(input: Json, entries: readonly EntryInputSchema[]): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const entry of entries) {
    const validate = compileDefinition(entry.definition, `schema ${entry.schemaId} definition`);
    if (validate(input)) continue;
    // Stryker disable next-line ArrayDeclaration: ajv sets errors whenever validation fails
    for (const error of validate.errors ?? []) {
      const path = `input${error.instancePath}`;
      violations.push({
        field: path,
        constraint: error.keyword,
        // Stryker disable next-line StringLiteral: ajv gives every error a message
        message: `${path} ${error.message ?? 'is invalid'} (input schema ${entry.schemaId} of processor ${entry.processorId}, entry step ${entry.stepId})`,
      });
    }
  }
  return violations.slice(0, MAX_VIOLATIONS);
}

/** Refuses a start whose input breaks an entry step's input schema, listing each violation (BAD_USER_INPUT). */
export function assertStartInput(input: Json, entries: readonly EntryInputSchema[]): void {
  const violations = startInputViolations(input, entries);
  if (violations.length > 0) throw AppError.badInput(violations);
}
