import { AppError, READ_ROLES, Role } from '@flow/platform';
import { defineEntity } from '@flow/kit';

const sha256Hex = /^[0-9a-f]{64}$/;
const usesSchema = 'Processors using this schema as input or output';

/** Manager.Processor: workers with their input and output schemas and implementation hash. */
export const processorDefinition = defineEntity({
  type: 'Processor',
  doc: 'A worker that executes steps, validating input and output against its schemas',
  fields: {
    inputSchemaId: { kind: 'id', required: true, ref: { to: 'Schema', reverse: 'processors', reverseDoc: usesSchema } },
    outputSchemaId: { kind: 'id', required: true, ref: { to: 'Schema', reverse: 'processors', reverseDoc: usesSchema } },
    implementationHash: { kind: 'string', required: false, max: 64, doc: 'SHA-256 (hex) of the processor implementation registered for this version', openapi: { pattern: sha256Hex.source } },
  },
  // Registration is admin's, and the registering processor's own (processors/sdk, registration.ts).
  access: {
    byKey: [...READ_ROLES, Role.PROCESSOR],
    create: [Role.ADMIN, Role.PROCESSOR],
    update: [Role.ADMIN, Role.PROCESSOR],
    delete: [Role.ADMIN],
  },
  rules: {
    validate(record) {
      const hash = record.implementationHash;
      if (hash !== null && hash !== undefined && !sha256Hex.test(hash as string)) {
        throw AppError.badInput([{ field: 'implementationHash', constraint: 'sha256', message: 'implementationHash must be a SHA-256 digest: 64 lower-case hex characters' }]);
      }
    },
  },
});
