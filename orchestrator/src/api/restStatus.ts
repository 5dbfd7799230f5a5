/** A run as the GraphQL operations of the REST routes select it. */
export type RestStatus = {
  executionId: string;
  orchestratedFlowId: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  completedSteps: number;
  totalSteps: number;
  currentSteps: string[];
  rerunOf: string | null;
  steps: Array<{
    step: { id: string }; status: string; attempts: number; startedAt: string | null; finishedAt: string | null; error: string | null;
    attemptHistory: Array<{ attempt: number; startedAt: string; finishedAt: string | null; outcome: string; error: string | null }>;
  }>;
};

/** "RUNNING" -> "Running", "TIMED_OUT" -> "TimedOut", as the seed answers statuses. */
export const seedStatus = (status: string): string => status.charAt(0) + status.slice(1).toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
/** "Paused", "paused" or "PAUSED" -> "PAUSED" (execution statuses are single words). */
export const graphqlStatus = (status: string): string => status.trim().toUpperCase();

export const statusFields =
  'executionId orchestratedFlowId status startedAt finishedAt completedSteps totalSteps currentSteps rerunOf steps { step { id } status attempts startedAt finishedAt error attemptHistory { attempt startedAt finishedAt outcome error } }';

/** A run in the seed's REST shape: statuses as "Running", steps by `stepId`. */
export function restStatus(run: RestStatus) {
  return {
    ...run,
    status: seedStatus(run.status),
    steps: run.steps.map(({ step, attemptHistory, ...rest }) => ({
      stepId: step.id, ...rest, status: seedStatus(rest.status),
      attemptHistory: attemptHistory.map((attempt) => ({ ...attempt, outcome: seedStatus(attempt.outcome) })),
    })),
  };
}

const guid = { type: 'string', format: 'uuid' };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
export const executionStatuses = ['Queued', 'Running', 'Paused', 'Completed', 'Failed', 'Stopped'];

/** The OpenAPI schema of a run in the REST shape. */
export const statusSchema = {
  type: 'object', required: ['orchestratedFlowId', 'status', 'startedAt', 'completedSteps', 'totalSteps', 'currentSteps', 'executionId', 'steps'],
  properties: {
    orchestratedFlowId: guid, executionId: guid,
    status: { enum: executionStatuses },
    startedAt: time, finishedAt: nullableTime,
    completedSteps: { type: 'integer' }, totalSteps: { type: 'integer' }, currentSteps: { type: 'array', items: guid },
    rerunOf: { type: ['string', 'null'], format: 'uuid' },
    steps: { type: 'array', items: { type: 'object' } },
  },
};
