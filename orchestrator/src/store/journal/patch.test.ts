import { describe, expect, it } from 'vitest';
import { startExecution } from '../../engine/engine.js';
import { buildPlan } from '../../engine/plan.js';
import { applyPatch, diffExecution } from './patch.js';

const plan = buildPlan('flow', [
  { id: 'a', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: ['b'] },
  { id: 'b', processorId: 'p', entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: [] },
], new Map());
const options = { now: new Date('2026-01-01T00:00:00Z'), newId: () => 'id', maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 100, stepTimeoutMs: 1_000 };
const started = startExecution({ id: 'e', plan, input: { x: 1 }, correlationId: 'c' }, options);

describe('execution patches', () => {
  it('should carry only the fields and steps that changed', () => {
    const after = { ...started, version: started.version + 1, outbox: [], steps: { ...started.steps, b: { ...started.steps.b!, status: 'SKIPPED' as const } } };
    const patch = diffExecution(started, after);
    expect(patch).toEqual({ set: { version: after.version, outbox: [] }, steps: { b: after.steps.b } });
    expect(applyPatch(started, patch)).toEqual(after);
  });

  it('should be empty between a state and itself, and carry a part rebuilt equal, which still applies to the same state', () => {
    expect(diffExecution(started, { ...started, steps: { ...started.steps } })).toEqual({ set: {}, steps: {} });
    const copy = JSON.parse(JSON.stringify(started)) as typeof started;
    const patch = diffExecution(started, copy);
    expect(Object.keys(patch.steps).sort()).toEqual(['a', 'b']);
    expect(applyPatch(started, patch)).toEqual(started);
  });

  it('should refuse to join two executions', () => {
    expect(() => diffExecution(started, { ...started, id: 'other' })).toThrow(/one execution/);
  });
});
