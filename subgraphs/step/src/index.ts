import { defineEntity } from '@flow/kit';

export const entryConditions = ['PREVIOUS_SUCCESS', 'PREVIOUS_FAILURE', 'ALWAYS', 'NEVER'] as const;

/** Manager.Step: one unit of work, its processor, next steps and entry condition. */
export const stepDefinition = defineEntity({
  type: 'Step',
  fields: {
    processorId: { kind: 'id', required: true },
    nextStepIds: { kind: 'ids', nonEmpty: false },
    entryCondition: { kind: 'enum', values: entryConditions, fallback: 'PREVIOUS_SUCCESS' },
  },
});
