import { defineEntity } from '@flow/kit';

/** Manager.Workflow: a non-empty set of steps forming a graph through their next steps. */
export const workflowDefinition = defineEntity({
  type: 'Workflow',
  doc: 'A graph of steps',
  fields: {
    stepIds: { kind: 'ids', nonEmpty: true, doc: 'The steps of the workflow', ref: { to: 'Step', reverse: 'workflows', reverseDoc: 'Workflows containing this step' } },
  },
});
