import { AppError } from '@flow/platform';
import { defineEntity } from '@flow/kit';

const sha256Hex = /^[0-9a-f]{64}$/;

/** Manager.Processor: workers with their input and output schemas and implementation hash. */
export const processorDefinition = defineEntity({
  type: 'Processor',
  fields: {
    inputSchemaId: { kind: 'id', required: true },
    outputSchemaId: { kind: 'id', required: true },
    implementationHash: { kind: 'string', required: false, max: 64 },
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
