import { defineEntity, validatePayload } from '@flow/kit';

/** Manager.Address: a connection with configuration and an optional payload valid against its schema. */
export const addressDefinition = defineEntity({
  type: 'Address',
  fields: {
    connectionString: { kind: 'string', required: true, min: 1, max: 1000 },
    configuration: { kind: 'keyValues' },
    schemaId: { kind: 'id', required: true },
    payload: { kind: 'string', required: false, max: 1024 * 1024 },
  },
  keyFields: ['version', 'name', 'connectionString'],
  select: { schemaId: 'id definition' },
  rules: {
    validate(record, { referenced }) {
      const schemaId = record.schemaId as string;
      const schema = referenced.get(schemaId);
      if (record.payload !== null && schema) validatePayload(record.payload as string, schema.definition as string, schemaId);
    },
  },
});
