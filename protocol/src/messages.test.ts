import { describe, expect, it } from 'vitest';
import { jsonBytes, MessageParseError, parseExecuteActivity, parseOrchestratorEvent, parseStatusChanged, processorQueue } from './messages.js';

const outcome = {
  schemaVersion: 1, commandId: 'cmd', executionId: 'exec', stepId: 'step', processorId: 'proc', attempt: 1, durationMs: 3, executedAt: '2026-01-01T00:00:00Z',
};
const executed = { type: 'ActivityExecuted', ...outcome, output: null };
const failed = { type: 'ActivityFailed', ...outcome, error: { message: 'broke', type: 'Error', retryable: false, validation: false } };
const heartbeat = { type: 'ActivityHeartbeat', schemaVersion: 1, commandId: 'cmd', executionId: 'exec', stepId: 'step', processorId: 'proc', attempt: 1, sentAt: '2026-01-01T00:00:00Z' };
const command = {
  type: 'ExecuteActivity', schemaVersion: 1, commandId: 'cmd', executionId: 'exec', orchestratedFlowId: 'flow', stepId: 'step', processorId: 'proc',
  attempt: 1, input: { n: 1 }, entities: [], correlationId: 'corr', createdAt: '2026-01-01T00:00:00Z', deadline: '2026-01-01T00:01:00Z',
};
const statusChanged = {
  type: 'OrchestrationStatusChanged', schemaVersion: 1, executionId: 'exec', orchestratedFlowId: 'flow', version: 2, status: 'RUNNING',
  completedSteps: 0, totalSteps: 1, currentSteps: ['step'], changedAt: '2026-01-01T00:00:00Z',
};

/** The MessageParseError a parse threw. */
function refusal(parse: () => unknown): MessageParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof MessageParseError) return error;
    throw error;
  }
  throw new Error('the body parsed');
}

describe('parseOrchestratorEvent', () => {
  it('should accept both event types as they are, an output of null included', () => {
    expect(parseOrchestratorEvent(executed)).toEqual(executed);
    expect(parseOrchestratorEvent(failed)).toEqual(failed);
  });

  it('should accept a heartbeat, and refuse one missing any field', () => {
    expect(parseOrchestratorEvent(heartbeat)).toEqual(heartbeat);
    for (const field of ['commandId', 'executionId', 'stepId', 'processorId', 'attempt', 'sentAt']) {
      expect(refusal(() => parseOrchestratorEvent({ ...heartbeat, [field]: undefined })).message).toMatch(new RegExp(`^ActivityHeartbeat: field ${field} must be a non-empty`));
    }
  });

  it.each([
    ['a body that is not an object', 'text'],
    ['null', null],
    ['an array', [executed]],
    ['an unknown type', { ...executed, type: 'ActivityStarted' }],
    ['another schema version', { ...executed, schemaVersion: 2 }],
    ['a missing output', { ...executed, output: undefined }],
    ['an empty command id', { ...executed, commandId: '' }],
    ['an attempt given as text', { ...executed, attempt: '1' }],
    ['an error that is not an object', { ...failed, error: 'broke' }],
    ['an error given as a list', { ...failed, error: ['broke'] }],
    ['a null error', { ...failed, error: null }],
    ['an error without its retryable flag', { ...failed, error: { ...failed.error, retryable: undefined } }],
    ['an error with an empty message', { ...failed, error: { ...failed.error, message: '' } }],
  ])('should refuse %s as a poison message', (_what, body) => {
    expect(() => parseOrchestratorEvent(body)).toThrow(MessageParseError);
  });

  it('should name the execution and step of a broken event, when it names them', () => {
    const broken = refusal(() => parseOrchestratorEvent({ ...executed, schemaVersion: 2 }));
    expect(broken.about).toEqual({ executionId: 'exec', stepId: 'step' });
    expect(broken.name).toBe('MessageParseError');
    expect(refusal(() => parseOrchestratorEvent({ ...executed, executionId: 7, stepId: 8, schemaVersion: 2 })).about).toEqual({});
    expect(refusal(() => parseOrchestratorEvent({ ...executed, durationMs: 'slow' })).about).toEqual({ executionId: 'exec', stepId: 'step' });
    expect(refusal(() => parseOrchestratorEvent('text')).about).toEqual({});
  });
});

describe('the reason a poison message is dead-lettered with', () => {
  it.each([
    ['an unknown event type', () => parseOrchestratorEvent([]), 'unknown event type undefined'],
    ['a missing field', () => parseOrchestratorEvent({ ...executed, output: undefined }), 'ActivityExecuted: field output must be present'],
    ['a mistyped field', () => parseOrchestratorEvent({ ...executed, attempt: '1' }), 'ActivityExecuted: field attempt must be a non-empty number'],
    ['an error given as text', () => parseOrchestratorEvent({ ...failed, error: 'broke' }), 'ActivityFailed: field error must be a non-empty object'],
    ['an error given as a list', () => parseOrchestratorEvent({ ...failed, error: [failed.error] }), 'ActivityFailed: field error must be a non-empty object'],
    ['a null error', () => parseOrchestratorEvent({ ...failed, error: null }), 'ActivityFailed: field error must be a non-empty object'],
    ['a field of the error', () => parseOrchestratorEvent({ ...failed, error: { ...failed.error, validation: 'no' } }), 'ActivityFailed.error: field validation must be a non-empty boolean'],
    ['the schema version', () => parseOrchestratorEvent({ ...executed, schemaVersion: 2 }), 'ActivityExecuted: unsupported schemaVersion 2'],
    ['a missing schema version', () => parseStatusChanged({ type: 'OrchestrationStatusChanged', length: 1 } as unknown), 'OrchestrationStatusChanged: unsupported schemaVersion undefined'],
    ['the command type', () => parseExecuteActivity({ ...command, type: 'Other' }), 'not an ExecuteActivity command'],
    ['the status type', () => parseStatusChanged({ ...statusChanged, type: 'Other' }), 'not an OrchestrationStatusChanged event'],
  ])('should name what is wrong: %s', (_what, parse, reason) => {
    expect(refusal(parse).message).toBe(reason);
  });

  it('should say when a body is not a JSON object', () => {
    expect(refusal(() => parseExecuteActivity(Object.assign([], { type: 'ExecuteActivity' }))).message).toBe('ExecuteActivity: body is not a JSON object');
  });
});

describe('parseExecuteActivity', () => {
  it('should accept a command as it is', () => {
    expect(parseExecuteActivity(command)).toEqual(command);
  });

  it.each([
    ['another message type', { ...command, type: 'ActivityExecuted' }],
    ['null', null],
    ['entities that are not a list', { ...command, entities: {} }],
    ['a missing input', { ...command, input: undefined }],
    ['a missing deadline', { ...command, deadline: undefined }],
    ['an empty processor id', { ...command, processorId: '' }],
  ])('should refuse %s', (_what, body) => {
    expect(() => parseExecuteActivity(body)).toThrow(MessageParseError);
  });
});

describe('parseStatusChanged', () => {
  it('should accept a status change as it is', () => {
    expect(parseStatusChanged(statusChanged)).toEqual(statusChanged);
  });

  it.each([
    ['another message type', { ...statusChanged, type: 'ExecuteActivity' }],
    ['null', null],
    ['current steps that are not a list', { ...statusChanged, currentSteps: 'step' }],
    ['a version given as text', { ...statusChanged, version: '2' }],
  ])('should refuse %s', (_what, body) => {
    expect(() => parseStatusChanged(body)).toThrow(MessageParseError);
  });
});

describe('processorQueue', () => {
  it('should give each processor a queue of its own', () => {
    expect(processorQueue('a')).not.toBe(processorQueue('b'));
  });
});

describe('jsonBytes', () => {
  it('should count a value as its JSON text in UTF-8 bytes, and what JSON cannot carry as 0', () => {
    expect(jsonBytes({ a: 'é' })).toBe(10); // {"a":"é"}: 9 characters, é two bytes
    expect(jsonBytes(null)).toBe(4);
    expect(jsonBytes(undefined)).toBe(0);
    expect(jsonBytes(() => 1)).toBe(0);
  });
});
