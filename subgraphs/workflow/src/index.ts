import { defineEntity } from '@flow/kit';

/** Manager.Workflow: a non-empty set of steps forming a graph through their next steps. */
export const workflowDefinition = defineEntity({
  type: 'Workflow',
  fields: {
    stepIds: { kind: 'ids', nonEmpty: true },
  },
});
