import { jsonBytes, type AssignedEntity, type ExecuteActivity, type Json } from '@flow/protocol';
import { describe, expect, it } from 'vitest';
import { applyEvent, mismatchOf, startExecution } from './engine.js';
import { buildPlan, type StepDefinition } from './plan.js';
import type { EngineLimits, EngineOptions, Execution } from './state.js';

/**
 * The payload bounds at their edges (docs/protocol.md, "Sizes"): a payload of exactly a bound
 * passes and one byte more fails its step, every bound is checked wherever a step is sent or
 * answers, and a retry resends an input the run already holds. Then mismatchOf called by itself,
 * as callers other than applyEvent may.
 */
const roomy: EngineLimits = { stepOutputMaxBytes: 100_000, messageMaxBytes: 100_000, executionMaxBytes: 100_000 };

function optionsWith(limits: Partial<EngineLimits>): () => EngineOptions {
  let n = 0;
  return () => ({
    now: new Date(0), newId: () => `id-${++n}`, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000,
    limits: { ...roomy, ...limits },
  });
}

const step = (id: string, next: string[] = [], entryCondition: StepDefinition['entryCondition'] = 'PREVIOUS_SUCCESS'): StepDefinition =>
  ({ id, processorId: `p-${id}`, entryCondition, nextStepIds: next });

const input = { text: 'start' };
const INPUT_BYTES = jsonBytes(input);

/** `a -> b` started under the limits (ids counted afresh, so two runs send identical commands). */
function startRun(limits: Partial<EngineLimits>, entities = new Map<string, AssignedEntity[]>()) {
  const opts = optionsWith(limits);
  const execution = startExecution({ id: 'e', plan: buildPlan('flow', [step('a', ['b']), step('b')], entities), input, correlationId: 'c' }, opts());
  return { execution, opts };
}

function sent(execution: Execution, stepId: string): ExecuteActivity {
  const command = execution.outbox.filter((c) => c.kind === 'dispatch' && c.message.stepId === stepId).at(-1);
  if (command?.kind !== 'dispatch') throw new Error(`no command for ${stepId}`);
  return command.message;
}

const outcomeOf = (command: ExecuteActivity) => ({
  schemaVersion: 1 as const, commandId: command.commandId, executionId: command.executionId, stepId: command.stepId,
  processorId: command.processorId, attempt: command.attempt, durationMs: 1, executedAt: 'x',
});
const executed = (command: ExecuteActivity, output: Json) => ({ ...outcomeOf(command), type: 'ActivityExecuted' as const, output });
const busy = (command: ExecuteActivity) => ({
  ...outcomeOf(command), type: 'ActivityFailed' as const, error: { message: 'busy', type: 'Error', retryable: true, validation: false },
});

describe('the payload bounds at their edges', () => {
  it('should send a command of exactly MESSAGE_MAX_BYTES and fail the step of one a byte larger', () => {
    const commandBytes = jsonBytes(sent(startRun({}).execution, 'a'));
    expect(startRun({ messageMaxBytes: commandBytes }).execution.steps.a?.status).toBe('RUNNING');
    const refused = startRun({ messageMaxBytes: commandBytes - 1 }).execution;
    expect(refused.steps.a).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(refused.steps.a?.error).toBe(
      `PAYLOAD_TOO_LARGE: the step's command would be ${commandBytes} bytes, more than a message may be (${commandBytes - 1}, MESSAGE_MAX_BYTES)`,
    );
  });

  it("should send a step whose input brings the run's data to exactly EXECUTION_MAX_BYTES, and fail it one byte below", () => {
    // The run holds its input once, and once more as its entry step's input.
    const held = 2 * INPUT_BYTES;
    const fits = startRun({ executionMaxBytes: held }).execution;
    expect(fits.steps.a?.status).toBe('RUNNING');
    expect(fits.payloadBytes).toBe(held);
    const refused = startRun({ executionMaxBytes: held - 1 }).execution;
    expect(refused.steps.a).toMatchObject({ status: 'FAILED', input: null });
    expect(refused.steps.a?.error).toBe(
      `PAYLOAD_TOO_LARGE: the step's input (${INPUT_BYTES} bytes) would take the run's data past ${held - 1} bytes (EXECUTION_MAX_BYTES)`,
    );
    expect(refused.payloadBytes).toBe(INPUT_BYTES);
    expect(refused.status).toBe('FAILED');
  });

  it("should keep an output that brings the run's data to exactly EXECUTION_MAX_BYTES, and fail the step one byte below", () => {
    const output = { text: 'done' };
    const held = 2 * INPUT_BYTES + jsonBytes(output);
    const kept = startRun({ executionMaxBytes: held });
    const after = applyEvent(kept.execution, executed(sent(kept.execution, 'a'), output), kept.opts()).execution;
    expect(after.steps.a).toMatchObject({ status: 'SUCCEEDED', output });
    expect(after.payloadBytes).toBe(held);
    const refused = startRun({ executionMaxBytes: held - 1 });
    const failed = applyEvent(refused.execution, executed(sent(refused.execution, 'a'), output), refused.opts()).execution;
    expect(failed.steps.a).toMatchObject({ status: 'FAILED', output: null });
    expect(failed.steps.a?.error).toBe(
      `PAYLOAD_TOO_LARGE: the step's output (${jsonBytes(output)} bytes) would take the run's data past ${held - 1} bytes (EXECUTION_MAX_BYTES)`,
    );
    expect(failed.payloadBytes).toBe(2 * INPUT_BYTES);
  });

  it('should retry a step whose input already fills EXECUTION_MAX_BYTES, counting that input once', () => {
    const { execution, opts } = startRun({ executionMaxBytes: 2 * INPUT_BYTES });
    const retried = applyEvent(execution, busy(sent(execution, 'a')), opts()).execution;
    expect(retried.steps.a).toMatchObject({ status: 'RUNNING', attempts: 2, input });
    expect(retried.payloadBytes).toBe(2 * INPUT_BYTES);
  });

  it('should fail a later step whose command is past MESSAGE_MAX_BYTES and go on from it as from any failure', () => {
    const entity: AssignedEntity = { type: 'DELIVERY', entity: { payload: 'x'.repeat(2_000) }, schemaDefinition: '{}' };
    const opts = optionsWith({ messageMaxBytes: 1_500 });
    const plan = buildPlan('flow', [step('a', ['b']), step('b', ['after', 'recover']), step('after'), step('recover', [], 'PREVIOUS_FAILURE')],
      new Map([['b', [entity]]]));
    const started = startExecution({ id: 'e', plan, input, correlationId: 'c' }, opts());
    const after = applyEvent(started, executed(sent(started, 'a'), 1), opts()).execution;
    expect(after.steps.b?.status).toBe('FAILED');
    expect(after.steps.b?.error).toMatch(/^PAYLOAD_TOO_LARGE: the step's command would be \d+ bytes/);
    expect(after.steps.after?.status).toBe('SKIPPED');
    expect(sent(after, 'recover').input).toBeNull();
  });
});

describe('mismatchOf on its own', () => {
  it('should judge any answer for a run that has ended as ended, before looking at its step', () => {
    const { execution, opts } = startRun({});
    const answer = executed(sent(execution, 'a'), 1);
    expect(mismatchOf(execution, answer)).toBeUndefined();
    const stopped = applyEvent(execution, { type: 'Stop' }, opts()).execution;
    expect(mismatchOf(stopped, answer)).toBe('ended');
    expect(mismatchOf(stopped, { ...answer, stepId: 'ghost' })).toBe('ended');
  });
});
