import { defineEntity, validatePayload } from '@flow/kit';

/** Manager.Delivery: a payload valid against its schema, with configuration. */
export const deliveryDefinition = defineEntity({
  type: 'Delivery',
  fields: {
    payload: { kind: 'string', required: true, min: 1, max: 1024 * 1024 },
    configuration: { kind: 'keyValues' },
    schemaId: { kind: 'id', required: true },
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
