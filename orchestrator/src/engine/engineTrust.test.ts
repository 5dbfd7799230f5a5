import type { ActivityExecuted, ActivityFailed, AssignedEntity, ExecuteActivity, Json } from '@flow/protocol';
import { describe, expect, it } from 'vitest';
import { applyEvent, startExecution } from './engine.js';
import { buildPlan } from './plan.js';
import type { EngineLimits, EngineOptions, Execution } from './state.js';

/**
 * The engine's guard of its trust boundary: only the answer to a step's current command is
 * applied, and no payload past its bound is ever kept (docs/protocol.md, "Idempotence" and
 * "Sizes").
 */
const limits: EngineLimits = { stepOutputMaxBytes: 1_000, messageMaxBytes: 4_000, executionMaxBytes: 6_000 };

function options(withLimits = true): () => EngineOptions {
  let n = 0;
  return () => ({
    now: new Date(0), newId: () => `id-${++n}`, maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 1_000, stepTimeoutMs: 60_000,
    ...(withLimits ? { limits } : {}),
  });
}

/** A run of `a -> b` (processors p-a and p-b); `a` is dispatched. */
function started(opts = options(), input: Json = { n: 1 }, entities = new Map<string, AssignedEntity[]>()) {
  const plan = buildPlan('flow', [
    { id: 'a', processorId: 'p-a', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: ['b'] },
    { id: 'b', processorId: 'p-b', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] },
  ], entities);
  return startExecution({ id: 'e', plan, input, correlationId: 'c' }, opts());
}

function lastCommand(execution: Execution, stepId: string): ExecuteActivity {
  const command = execution.outbox.filter((c) => c.kind === 'dispatch' && c.message.stepId === stepId).at(-1);
  if (command?.kind !== 'dispatch') throw new Error(`no command for ${stepId}`);
  return command.message;
}

const answer = (command: ExecuteActivity, output: Json = { ok: true }): ActivityExecuted => ({
  type: 'ActivityExecuted', schemaVersion: 1, commandId: command.commandId, executionId: command.executionId, stepId: command.stepId,
  processorId: command.processorId, attempt: command.attempt, durationMs: 1, executedAt: 'x', output,
});

const failure = (command: ExecuteActivity, retryable: boolean): ActivityFailed => {
  const { output: _output, ...rest } = answer(command);
  return { ...rest, type: 'ActivityFailed', error: { message: 'boom', type: 'Error', retryable, validation: false } };
};

describe('which answers the engine applies', () => {
  it.each([
    { name: 'another command id', patch: { commandId: 'forged' }, reason: 'other-command' },
    { name: 'another processor id', patch: { processorId: 'p-b' }, reason: 'other-processor' },
    { name: 'another attempt', patch: { attempt: 2 }, reason: 'other-attempt' },
    { name: 'an attempt of 0', patch: { attempt: 0 }, reason: 'other-attempt' },
  ])('should ignore an answer naming $name, changing nothing', ({ patch, reason }) => {
    const opts = options();
    const execution = started(opts);
    const command = lastCommand(execution, 'a');
    for (const forged of [{ ...answer(command), ...patch }, { ...failure(command, false), ...patch }]) {
      const decision = applyEvent(execution, forged, opts());
      expect(decision).toEqual({ execution, changed: false, ignored: reason });
    }
    // The genuine answer is still applied afterwards.
    const applied = applyEvent(execution, answer(command), opts());
    expect(applied.changed).toBe(true);
    expect(applied.execution.steps.a).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
  });

  it('should ignore the late answer of a superseded attempt once the retry is in flight', () => {
    const opts = options();
    const execution = started(opts);
    const first = lastCommand(execution, 'a');
    const retried = applyEvent(execution, failure(first, true), opts()).execution;
    const second = lastCommand(retried, 'a');
    expect(second).toMatchObject({ attempt: 2 });
    expect(applyEvent(retried, answer(first), opts())).toMatchObject({ changed: false, ignored: 'other-command' });
    // The old command id with the new attempt number is no better.
    expect(applyEvent(retried, { ...answer(first), attempt: 2 }, opts())).toMatchObject({ changed: false, ignored: 'other-command' });
    expect(applyEvent(retried, answer(second), opts()).execution.steps.a).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('should ignore a deadline of another attempt, and answers for unknown steps or finished runs', () => {
    const opts = options();
    const execution = started(opts);
    const command = lastCommand(execution, 'a');
    const deadline = { type: 'StepDeadlineReached' as const, schemaVersion: 1 as const, commandId: command.commandId, executionId: 'e', stepId: 'a', attempt: 2 };
    expect(applyEvent(execution, deadline, opts())).toMatchObject({ changed: false, ignored: 'other-attempt' });
    expect(applyEvent(execution, { ...answer(command), stepId: 'zzz' }, opts())).toMatchObject({ changed: false, ignored: 'unknown-step' });
    expect(applyEvent(execution, { ...answer(command), stepId: 'b' }, opts())).toMatchObject({ changed: false, ignored: 'not-running' });
    const stopped = applyEvent(execution, { type: 'Stop' }, opts()).execution;
    expect(applyEvent(stopped, answer(command), opts())).toMatchObject({ changed: false, ignored: 'ended' });
  });
});

describe('the payload bounds of the engine', () => {
  const big = (bytes: number) => ({ blob: 'x'.repeat(bytes) });

  it('should fail a step whose output is past STEP_OUTPUT_MAX_BYTES with PAYLOAD_TOO_LARGE, keep nothing of it, and not retry', () => {
    const opts = options();
    const execution = started(opts);
    const { execution: after, changed } = applyEvent(execution, answer(lastCommand(execution, 'a'), big(2_000)), opts());
    expect(changed).toBe(true);
    expect(after.steps.a).toMatchObject({ status: 'FAILED', attempts: 1, output: null });
    expect(after.steps.a?.error).toMatch(/^PAYLOAD_TOO_LARGE: the step's output is 2\d{3} bytes, more than 1000 \(STEP_OUTPUT_MAX_BYTES\)$/);
    expect(after.steps.b?.status).toBe('SKIPPED');
    expect(after.status).toBe('FAILED');
    expect(after.outbox.filter((c) => c.kind === 'dispatch' && c.message.stepId === 'b')).toEqual([]);
  });

  it('should keep an output at the bound', () => {
    const opts = options();
    const execution = started(opts);
    const output = big(1_000 - JSON.stringify(big(0)).length);
    const { execution: after } = applyEvent(execution, answer(lastCommand(execution, 'a'), output), opts());
    expect(after.steps.a).toMatchObject({ status: 'SUCCEEDED', output });
    expect(after.steps.b?.status).toBe('RUNNING');
  });

  it('should fail a step instead of sending a command past MESSAGE_MAX_BYTES', () => {
    const entity: AssignedEntity = { type: 'DELIVERY', entity: { payload: 'x'.repeat(5_000) }, schemaDefinition: '{}' };
    const execution = started(options(), { n: 1 }, new Map([['a', [entity]]]));
    expect(execution.steps.a).toMatchObject({ status: 'FAILED', attempts: 1, commandId: null });
    expect(execution.steps.a?.error).toMatch(/^PAYLOAD_TOO_LARGE: the step's command would be \d+ bytes, more than a message may be \(4000, MESSAGE_MAX_BYTES\)$/);
    expect(execution.outbox.filter((c) => c.kind === 'dispatch')).toEqual([]);
    expect(execution.status).toBe('FAILED');
  });

  it('should fail the step whose data would take the run past EXECUTION_MAX_BYTES', () => {
    const opts = options();
    // The start input (900 bytes) is held once by the run and once as a's input.
    const execution = started(opts, big(900));
    expect(execution.payloadBytes).toBe(2 * JSON.stringify(big(900)).length);
    // a's output (~950) is kept (~2,800 held); b's input is that output again (~3,750 held); b's output passes 6,000.
    const afterA = applyEvent(execution, answer(lastCommand(execution, 'a'), big(950)), opts()).execution;
    expect(afterA.steps.b?.status).toBe('RUNNING');
    const afterB = applyEvent(afterA, answer(lastCommand(afterA, 'b'), big(950)), opts()).execution;
    expect(afterB.steps.b?.status).toBe('SUCCEEDED');
    expect(afterB.payloadBytes).toBeLessThanOrEqual(limits.executionMaxBytes);
    const third = started(opts, big(900));
    const heavy = { ...third, payloadBytes: limits.executionMaxBytes - 500 };
    const refused = applyEvent(heavy, answer(lastCommand(third, 'a'), big(900)), opts()).execution;
    expect(refused.steps.a?.error).toMatch(/^PAYLOAD_TOO_LARGE: .*EXECUTION_MAX_BYTES/);
    expect(refused.payloadBytes).toBe(heavy.payloadBytes);
  });

  it('should check no size without limits', () => {
    const opts = options(false);
    const execution = started(opts);
    expect(execution.payloadBytes).toBeUndefined();
    const { execution: after } = applyEvent(execution, answer(lastCommand(execution, 'a'), big(5_000)), opts());
    expect(after.steps.a?.status).toBe('SUCCEEDED');
  });
});
