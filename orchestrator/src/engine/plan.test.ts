import { describe, expect, it } from 'vitest';
import type { AssignedEntity } from '@flow/protocol';
import { buildPlan, findCycle, type StepDefinition } from './plan.js';

const step = (id: string, next: string[] = []): StepDefinition => ({ id, processorId: `p-${id}`, entryCondition: 'PREVIOUS_SUCCESS', nextStepIds: next });

/** What buildPlan threw, for assertions on the AppError's code and details. */
function refusal(steps: StepDefinition[]): unknown {
  try {
    buildPlan('flow', steps, new Map());
  } catch (error) {
    return error;
  }
  throw new Error('buildPlan accepted the graph');
}

describe('findCycle', () => {
  it('should find no cycle in a diamond', () => {
    expect(findCycle(new Map([['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]]))).toBeUndefined();
  });

  it('should name only the cycle, not the branches explored before it', () => {
    const graph = new Map([['a', ['c']], ['c', ['b', 'x']], ['b', []], ['x', ['c']]]);
    expect(findCycle(graph)).toEqual(['c', 'x', 'c']);
  });

  it('should take a next step the graph does not list as a dead end', () => {
    expect(findCycle(new Map([['a', ['elsewhere']]]))).toBeUndefined();
  });

  it('should find a cycle unreachable from the first step', () => {
    expect(findCycle(new Map([['a', []], ['b', ['c']], ['c', ['b']]]))).toEqual(['b', 'c', 'b']);
  });

  it('should visit each step once, so a long chain of diamonds is checked at once', () => {
    // 40 diamonds in a row have 2^40 paths: revisiting finished steps would never end.
    const graph = new Map<string, string[]>();
    for (let i = 0; i < 40; i += 1) {
      graph.set(`top${i}`, [`left${i}`, `right${i}`]);
      graph.set(`left${i}`, [`top${i + 1}`]);
      graph.set(`right${i}`, [`top${i + 1}`]);
    }
    graph.set('top40', []);
    expect(findCycle(graph)).toBeUndefined();
  });
});

describe('buildPlan', () => {
  it('should link each step to its predecessors and take the steps nobody follows as entry points', () => {
    const entities = new Map<string, AssignedEntity[]>([['b', [{ type: 'ADDRESS', entity: { id: 'e1' }, schemaDefinition: '{}' }]]]);
    const plan = buildPlan('flow', [step('a', ['b', 'c']), step('b', ['d']), step('c', ['d']), step('d'), step('lone')], entities);
    expect(plan).toEqual({
      orchestratedFlowId: 'flow',
      entryPoints: ['a', 'lone'],
      steps: [
        { stepId: 'a', processorId: 'p-a', entryCondition: 'PREVIOUS_SUCCESS', next: ['b', 'c'], previous: [], entities: [] },
        { stepId: 'b', processorId: 'p-b', entryCondition: 'PREVIOUS_SUCCESS', next: ['d'], previous: ['a'], entities: entities.get('b') },
        { stepId: 'c', processorId: 'p-c', entryCondition: 'PREVIOUS_SUCCESS', next: ['d'], previous: ['a'], entities: [] },
        { stepId: 'd', processorId: 'p-d', entryCondition: 'PREVIOUS_SUCCESS', next: [], previous: ['b', 'c'], entities: [] },
        { stepId: 'lone', processorId: 'p-lone', entryCondition: 'PREVIOUS_SUCCESS', next: [], previous: [], entities: [] },
      ],
    });
  });

  it('should refuse a cycle unreachable from the first step, naming it', () => {
    expect(refusal([step('a'), step('b', ['c']), step('c', ['b'])])).toMatchObject({ code: 'BAD_USER_INPUT', details: { cycle: ['b', 'c', 'b'] } });
  });

  it('should refuse every next step outside the workflow, naming each', () => {
    expect(refusal([step('a', ['x', 'b']), step('b', ['y'])])).toMatchObject({
      code: 'BAD_USER_INPUT', message: 'Next steps outside the workflow: a -> x, b -> y', details: { outside: ['a -> x', 'b -> y'] },
    });
  });
});
