import { AppError } from '@flow/platform';
import { defineEntity } from '@flow/kit';
import { validateCron } from './cron.js';

/** Manager.OrchestratedFlow: a workflow bound to assignments, optionally on a cron schedule. */
export const orchestratedFlowDefinition = defineEntity({
  type: 'OrchestratedFlow',
  fields: {
    workflowId: { kind: 'id', required: true },
    assignmentIds: { kind: 'ids', nonEmpty: false },
    cronExpression: { kind: 'string', required: false, max: 200 },
    isScheduleEnabled: { kind: 'boolean', fallback: false },
  },
  rules: {
    validate(record) {
      const cron = record.cronExpression as string | null;
      if (cron !== null && cron !== undefined) validateCron(cron);
      if (record.isScheduleEnabled === true && !cron) {
        throw AppError.badInput([{ field: 'isScheduleEnabled', constraint: 'cronRequired', message: 'isScheduleEnabled requires a cronExpression' }]);
      }
    },
  },
});
