import { AppError, EDIT_ROLES, Role } from '@flow/platform';
import { defineEntity } from '@flow/kit';
import { validateCron, validateJsonText } from './cron.js';

/** The longest scheduleInput, in characters: a run's input, kept well below a message's bound. */
const SCHEDULE_INPUT_MAX_CHARS = 65_536;

/**
 * What the REST document states of a cron expression: 5 or 6 fields of cron characters. It is
 * necessary, not sufficient: croner decides the rest (ranges, names, a date that exists).
 */
const cronShape = '^\\s*[0-9A-Za-z*?,/#-]+(\\s+[0-9A-Za-z*?,/#-]+){4,5}\\s*$';

/** Manager.OrchestratedFlow: a workflow bound to assignments, optionally on a cron schedule. */
export const orchestratedFlowDefinition = defineEntity({
  type: 'OrchestratedFlow',
  doc: 'A workflow bound to assignments of data, optionally on a cron schedule',
  fields: {
    workflowId: { kind: 'id', required: true, ref: { to: 'Workflow', reverse: 'orchestratedFlows', reverseDoc: 'Orchestrated flows running this workflow' } },
    assignmentIds: { kind: 'ids', nonEmpty: false, ref: { to: 'Assignment', reverse: 'orchestratedFlows', reverseDoc: 'Orchestrated flows using this assignment' } },
    cronExpression: { kind: 'string', required: false, max: 200, doc: 'Cron schedule: 5 fields, or 6 with seconds first', openapi: { format: 'cron', pattern: cronShape } },
    isScheduleEnabled: { kind: 'boolean', fallback: false, filter: true, doc: 'Whether the scheduler starts the flow at its cron times' },
    scheduleInput: { kind: 'string', required: false, max: SCHEDULE_INPUT_MAX_CHARS, doc: 'JSON text: the input of the runs the scheduler starts (default: null)', openapi: { contentMediaType: 'application/json' } },
    maxConcurrentRuns: { kind: 'int', min: 1, max: 1000, doc: 'Runs of the flow that may be RUNNING at once (default: no limit)' },
    onLimit: { kind: 'enum', values: ['QUEUE', 'REJECT'], fallback: 'QUEUE', enumDoc: 'What a start beyond maxConcurrentRuns does: QUEUE waits for a running one to end, REJECT is refused with CONFLICT' },
  },
  // Stopping a run turns its flow's schedule off: the orchestrator does that as itself (scheduler).
  access: { update: [...EDIT_ROLES, Role.SCHEDULER] },
  openapiInput: {
    if: { properties: { isScheduleEnabled: { const: true } }, required: ['isScheduleEnabled'] },
    then: { properties: { cronExpression: { type: 'string' } }, required: ['cronExpression'] },
  },
  rules: {
    validate(record) {
      const cron = record.cronExpression as string | null;
      if (cron !== null && cron !== undefined) validateCron(cron);
      validateJsonText(record.scheduleInput, 'scheduleInput');
      if (record.isScheduleEnabled === true && !cron) {
        throw AppError.badInput([{ field: 'isScheduleEnabled', constraint: 'cronRequired', message: 'isScheduleEnabled requires a cronExpression' }]);
      }
    },
  },
});
