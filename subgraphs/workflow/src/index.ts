import { defineEntity } from '@flow/kit';
import { checkDataFlow, dataFlowWarnings, dataFlowWarningSdl, stepSelection, stepsOf } from './dataFlow.js';

/** Manager.Workflow: a non-empty set of steps forming a graph through their next steps. */
export const workflowDefinition = defineEntity({
  type: 'Workflow',
  doc: 'A graph of steps',
  fields: {
    stepIds: { kind: 'ids', nonEmpty: true, doc: 'The steps of the workflow', ref: { to: 'Step', reverse: 'workflows', reverseDoc: 'Workflows containing this step' } },
  },
  select: { stepIds: stepSelection },
  derived: {
    dataFlowWarnings: {
      type: '[DataFlowWarning!]!',
      doc: 'Where the schemas leave undecided whether a step can take the output of the step feeding it (such a workflow is accepted; one that clearly cannot is refused), read from today\'s processors and schemas',
      typeDefs: dataFlowWarningSdl,
      resolve: (record, context) => dataFlowWarnings(record.stepIds as string[], context),
    },
  },
  rules: {
    // A step fed by one predecessor on success takes its output whole: refuse what clearly cannot fit.
    async validate(record, context) {
      await checkDataFlow(stepsOf(record.stepIds as string[], context.referenced), context);
    },
  },
});
