import { defineEntity } from '@flow/kit';
import { stepPolicyFields, validateStepPolicy } from './policy.js';

export const entryConditions = ['PREVIOUS_SUCCESS', 'PREVIOUS_FAILURE', 'ALWAYS', 'NEVER'] as const;

/** Manager.Step: one unit of work, its processor, next steps, entry condition and retry/timeout policy. */
export const stepDefinition = defineEntity({
  type: 'Step',
  doc: 'One unit of work of a workflow, executed by a processor',
  fields: {
    processorId: { kind: 'id', required: true, ref: { to: 'Processor', reverse: 'steps', reverseDoc: 'Steps executed by this processor' } },
    nextStepIds: {
      kind: 'ids',
      nonEmpty: false,
      doc: 'Steps that may run after this one',
      ref: { to: 'Step', reverse: 'previousSteps', reverseDoc: 'Steps listing this one among their next steps' },
    },
    entryCondition: {
      kind: 'enum',
      values: entryConditions,
      fallback: 'PREVIOUS_SUCCESS',
      enumDoc: 'When a step runs, given how its predecessors ended',
    },
    ...stepPolicyFields,
  },
  rules: { validate: validateStepPolicy },
});
