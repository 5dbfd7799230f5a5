import { defineEntity } from '@flow/kit';
import { validatePayload } from '@flow/protocol';

/** Manager.Delivery: a payload valid against its schema, with configuration. */
export const deliveryDefinition = defineEntity({
  type: 'Delivery',
  doc: 'A payload delivered to steps, with its configuration',
  fields: {
    payload: { kind: 'string', required: true, min: 1, max: 1024 * 1024, doc: 'JSON text, valid against the schema', openapi: { contentMediaType: 'application/json' } },
    configuration: { kind: 'keyValues' },
    schemaId: { kind: 'id', required: true, ref: { to: 'Schema', reverse: 'deliveries', reverseDoc: 'Deliveries whose payload this schema validates' } },
  },
  select: { schemaId: 'id definition' },
  rules: {
    validate(record, { referenced }) {
      const schemaId = record.schemaId as string;
      const schema = referenced.get(schemaId);
      if (schema) validatePayload(record.payload as string, schema.definition as string, schemaId);
    },
  },
});
