import { defineEntity } from '@flow/kit';
import { checkDataFlow, stepSelection, stepsOf } from './dataFlow.js';

/** Manager.Workflow: a non-empty set of steps forming a graph through their next steps. */
export const workflowDefinition = defineEntity({
  type: 'Workflow',
  doc: 'A graph of steps',
  fields: {
    stepIds: { kind: 'ids', nonEmpty: true, doc: 'The steps of the workflow', ref: { to: 'Step', reverse: 'workflows', reverseDoc: 'Workflows containing this step' } },
  },
  select: { stepIds: stepSelection },
  rules: {
    // A step fed by one predecessor on success takes its output whole: refuse what clearly cannot fit.
    async validate(record, context) {
      await checkDataFlow(stepsOf(record.stepIds as string[], context.referenced), context);
    },
  },
});
