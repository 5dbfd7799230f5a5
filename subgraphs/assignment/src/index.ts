import { defineEntity } from '@flow/kit';

/** Manager.Assignment: the addresses and deliveries assigned to one step. */
export const assignmentDefinition = defineEntity({
  type: 'Assignment',
  doc: 'Data entities assigned to one step',
  fields: {
    stepId: { kind: 'id', required: true, ref: { to: 'Step', reverse: 'assignments', reverseDoc: 'Assignments of data entities to this step' } },
    entityIds: {
      kind: 'ids',
      nonEmpty: true,
      doc: 'Ids of the assigned addresses and deliveries',
      ref: { to: ['Address', 'Delivery'], union: 'AssignedEntity', unionDoc: 'A data entity assigned to a step', reverse: 'assignments', reverseDoc: 'Assignments listing this entity' },
    },
  },
});
