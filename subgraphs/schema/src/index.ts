import { AppError, EDIT_ROLES, ErrorCode, READ_ROLES, Role } from '@flow/platform';
import { defineEntity } from '@flow/kit';
import { compileDefinition, parseJsonField, SCHEMA_LIMITS } from '@flow/protocol';
import { breakingChanges } from './breakingChanges.js';

const jsonText = { contentMediaType: 'application/json', format: 'json-schema' };

/** Manager.Schema: JSON Schema documents, compiled on write, protected from breaking edits. */
export const schemaDefinition = defineEntity({
  type: 'Schema',
  doc: 'A JSON Schema that validates processor input and output and entity payloads',
  fields: {
    definition: { kind: 'string', required: true, min: 1, max: SCHEMA_LIMITS.maxLength, doc: 'The JSON text of a JSON Schema (draft 2020-12) document', openapi: jsonText },
  },
  // A processor registers its input and output schemas (processors/sdk, registration.ts).
  access: { byKey: [...READ_ROLES, Role.PROCESSOR], create: [...EDIT_ROLES, Role.PROCESSOR] },
  rules: {
    validate(record, { changed }) {
      if (changed.has('definition')) compileDefinition(record.definition as string);
    },
    async beforeUpdate(previous, next, { changed, referrers }) {
      if (!changed.has('definition') || previous.definition === next.definition) return;
      const changes = breakingChanges(
        parseJsonField(previous.definition as string, 'definition'),
        parseJsonField(next.definition as string, 'definition'),
      );
      if (changes.length === 0) return;
      const users = await referrers(previous.id);
      if (users.length === 0) return;
      throw new AppError(
        ErrorCode.CONFLICT,
        `Schema ${previous.id} is referenced by ${users.map((u) => `${u.type} ${u.id}`).join(', ')}; the new definition breaks it: ${changes.join('; ')}`,
        { details: { breakingChanges: changes, referrers: users } },
      );
    },
  },
});
