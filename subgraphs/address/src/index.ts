import { defineEntity } from '@flow/kit';
import { validatePayload } from '@flow/protocol';

/** Manager.Address: a connection with configuration and an optional payload valid against its schema. */
export const addressDefinition = defineEntity({
  type: 'Address',
  doc: 'Connection and configuration of a data source or sink',
  fields: {
    connectionString: { kind: 'string', required: true, min: 1, max: 1000 },
    configuration: { kind: 'keyValues' },
    schemaId: { kind: 'id', required: true, ref: { to: 'Schema', reverse: 'addresses', reverseDoc: 'Addresses whose payload this schema validates' } },
    payload: { kind: 'string', required: false, max: 1024 * 1024, doc: 'Optional JSON text, valid against the schema', openapi: { contentMediaType: 'application/json' } },
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
