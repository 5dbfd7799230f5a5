import { defineEntity } from '@flow/kit';

/** Manager.Assignment: the addresses and deliveries assigned to one step. */
export const assignmentDefinition = defineEntity({
  type: 'Assignment',
  fields: {
    stepId: { kind: 'id', required: true },
    entityIds: { kind: 'ids', nonEmpty: true },
  },
});
