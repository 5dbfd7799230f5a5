/**
 * The messages of docs/protocol.md: one discriminated union per family and one parse per
 * family at the broker edge. A body that does not parse is a poison message.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface AssignedEntity {
  type: 'ADDRESS' | 'DELIVERY';
  entity: Record<string, Json>;
  schemaDefinition: string;
}

export interface ExecuteActivity {
  type: 'ExecuteActivity';
  schemaVersion: 1;
  commandId: string;
  executionId: string;
  orchestratedFlowId: string;
  stepId: string;
  processorId: string;
  attempt: number;
  input: Json;
  entities: AssignedEntity[];
  correlationId: string;
  createdAt: string;
  deadline: string;
  /**
   * How long the attempt has from its last sign of life (the step's timeoutMs): an
   * ActivityHeartbeat moves the deadline to now + timeoutMs. Absent from commands sent before it existed.
   */
  timeoutMs?: number;
}

/** What every event of a processor about one command names: the command it answers. */
interface ActivityEvent {
  schemaVersion: 1;
  commandId: string;
  executionId: string;
  stepId: string;
  processorId: string;
  attempt: number;
}

interface ActivityOutcome extends ActivityEvent {
  durationMs: number;
  executedAt: string;
}

export interface ActivityExecuted extends ActivityOutcome {
  type: 'ActivityExecuted';
  output: Json;
}

export interface ActivityError {
  message: string;
  type: string;
  retryable: boolean;
  validation: boolean;
}

export interface ActivityFailed extends ActivityOutcome {
  type: 'ActivityFailed';
  error: ActivityError;
}

/** A processor's sign of life during a long attempt: the orchestrator moves the attempt's deadline. */
export interface ActivityHeartbeat extends ActivityEvent {
  type: 'ActivityHeartbeat';
  sentAt: string;
}

export interface StepDeadlineReached {
  type: 'StepDeadlineReached';
  schemaVersion: 1;
  commandId: string;
  executionId: string;
  stepId: string;
  attempt: number;
}

/**
 * QUEUED: started beyond its flow's maxConcurrentRuns, waiting for a run of the flow to end
 * (nothing dispatched yet). PAUSED is not terminal: an operator's pause, ended by resume or stop
 * (docs/protocol.md).
 */
export type ExecutionStatus = 'QUEUED' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'STOPPED';

export interface OrchestrationStatusChanged {
  type: 'OrchestrationStatusChanged';
  schemaVersion: 1;
  executionId: string;
  orchestratedFlowId: string;
  version: number;
  status: ExecutionStatus;
  completedSteps: number;
  totalSteps: number;
  currentSteps: string[];
  changedAt: string;
}

/** What arrives on `orchestrator.events`. */
export type OrchestratorEvent = ActivityExecuted | ActivityFailed | ActivityHeartbeat;

export const EVENTS_QUEUE = 'orchestrator.events';
export const STATUS_EXCHANGE = 'orchestration.status';
export const processorQueue = (processorId: string): string => `processor.${processorId}`;
/**
 * The header of an ActivityExecuted / ActivityFailed that carries its sender's credentials,
 * `Bearer <JWT>`: the processor's service token, naming the processor (claim `processor`). With
 * authentication on, the orchestrator applies only events whose token names the processor of
 * the event's `processorId` (docs/protocol.md, "Senders").
 */
export const SENDER_HEADER = 'authorization';

/** The size in bytes of a value as JSON text (UTF-8), as it goes on the wire; 0 for what JSON cannot carry. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? 0 : Buffer.byteLength(json); // UTF-8, byteLength's default
}

export class MessageParseError extends Error {
  constructor(
    message: string,
    /** The execution and step the broken message names, when it names them. */
    readonly about: { executionId?: string; stepId?: string } = {},
  ) {
    super(message);
    this.name = 'MessageParseError';
  }
}

type Shape = Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array' | 'json'>;

/** Checks a body whose `type` its caller has read already, so a non-null object (or an array). */
function check(body: unknown, family: string, shape: Shape): Record<string, unknown> {
  if (Array.isArray(body)) throw new MessageParseError(`${family}: body is not a JSON object`);
  const record = body as Record<string, unknown>;
  const about = {
    ...(typeof record.executionId === 'string' ? { executionId: record.executionId } : {}),
    ...(typeof record.stepId === 'string' ? { stepId: record.stepId } : {}),
  };
  if (record.schemaVersion !== 1) throw new MessageParseError(`${family}: unsupported schemaVersion ${JSON.stringify(record.schemaVersion)}`, about);
  for (const [field, kind] of Object.entries(shape)) {
    const value = record[field];
    const ok =
      kind === 'json' ? value !== undefined
        : kind === 'array' ? Array.isArray(value)
          : kind === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
            : typeof value === kind && (kind !== 'string' || (value as string).length > 0);
    if (!ok) throw new MessageParseError(`${family}: field ${field} must be ${kind === 'json' ? 'present' : `a non-empty ${kind}`}`, about);
  }
  return record;
}

// Functions, not module constants, so that mutation testing (which leaves out what runs at
// import, stryker.config.mjs) still checks the shape of every event.
const answering = (): Shape => ({ commandId: 'string', executionId: 'string', stepId: 'string', processorId: 'string', attempt: 'number' });
const outcome = (): Shape => ({ ...answering(), durationMs: 'number', executedAt: 'string' });

/** Parses a body from `orchestrator.events`; throws MessageParseError for a poison message. */
export function parseOrchestratorEvent(body: unknown): OrchestratorEvent {
  const type = (body as { type?: unknown } | null)?.type;
  switch (type) {
    case 'ActivityExecuted':
      return check(body, type, { ...outcome(), output: 'json' }) as unknown as ActivityExecuted;
    case 'ActivityFailed': {
      const event = check(body, type, { ...outcome(), error: 'object' }) as unknown as ActivityFailed;
      check({ schemaVersion: 1, ...event.error }, 'ActivityFailed.error', { message: 'string', type: 'string', retryable: 'boolean', validation: 'boolean' });
      return event;
    }
    case 'ActivityHeartbeat':
      return check(body, type, { ...answering(), sentAt: 'string' }) as unknown as ActivityHeartbeat;
    default:
      throw new MessageParseError(`unknown event type ${JSON.stringify(type)}`);
  }
}

/** Parses a body from `processor.<id>`; throws MessageParseError for a poison message. */
export function parseExecuteActivity(body: unknown): ExecuteActivity {
  if ((body as { type?: unknown } | null)?.type !== 'ExecuteActivity') throw new MessageParseError('not an ExecuteActivity command');
  return check(body, 'ExecuteActivity', {
    commandId: 'string', executionId: 'string', orchestratedFlowId: 'string', stepId: 'string', processorId: 'string',
    attempt: 'number', input: 'json', entities: 'array', correlationId: 'string', createdAt: 'string', deadline: 'string',
  }) as unknown as ExecuteActivity;
}

export function parseStatusChanged(body: unknown): OrchestrationStatusChanged {
  if ((body as { type?: unknown } | null)?.type !== 'OrchestrationStatusChanged') throw new MessageParseError('not an OrchestrationStatusChanged event');
  return check(body, 'OrchestrationStatusChanged', {
    executionId: 'string', orchestratedFlowId: 'string', version: 'number', status: 'string',
    completedSteps: 'number', totalSteps: 'number', currentSteps: 'array', changedAt: 'string',
  }) as unknown as OrchestrationStatusChanged;
}
