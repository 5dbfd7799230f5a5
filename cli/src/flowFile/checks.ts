import type { Problem } from '../errors.js';
import type { FlowFile, LineOf } from './model.js';

type Path = Array<string | number>;

/** Two entries of one section with the same key: the second is the problem. */
function duplicates(items: ReadonlyArray<{ key: string; path: Path }>, what: string, lineOf: LineOf): Problem[] {
  const seen = new Set<string>();
  return items.flatMap(({ key, path }) => {
    if (!seen.has(key)) return (seen.add(key), []);
    return [{ line: lineOf(path), message: `${what} "${key}" is declared twice` }];
  });
}

/** The first cycle through `next`, as the step names along it (first name repeated at the end). */
function findCycle(next: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    trail.push(name);
    for (const successor of next.get(name) ?? []) {
      const cycle = next.has(successor) ? visit(successor) : undefined;
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of next.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * What a file can get wrong about itself, each at its line: a key declared twice, a `next` or
 * an assignment naming a step the file does not declare, an assignment naming an address or
 * delivery it does not declare, and a cycle through `next` (which the orchestrator would refuse).
 */
export function checkReferences(file: FlowFile, lineOf: LineOf): Problem[] {
  const version = file.flow.version;
  const keyOf = (item: { name: string; version?: string }) => `${item.name}@${item.version ?? version}`;
  const section = <T extends { name?: string; version?: string }>(name: string, items: T[] | undefined, fallback?: (item: T) => string) =>
    (items ?? []).map((item, index) => ({ key: keyOf({ name: item.name ?? fallback?.(item) ?? '', version: item.version }), path: [name, index, 'name'] }));
  const problems = [
    ...duplicates(file.steps.map((step, index) => ({ key: step.name, path: ['steps', index, 'name'] })), 'step', lineOf),
    ...duplicates(section('schemas', file.schemas), 'schema', lineOf),
    ...duplicates((file.addresses ?? []).map((address, index) => ({ key: address.name, path: ['addresses', index, 'name'] })), 'address', lineOf),
    ...duplicates((file.deliveries ?? []).map((delivery, index) => ({ key: delivery.name, path: ['deliveries', index, 'name'] })), 'delivery', lineOf),
    ...duplicates(section('assignments', file.assignments, (assignment) => (assignment as { step: string }).step), 'assignment', lineOf),
  ];
  const steps = new Set(file.steps.map((step) => step.name));
  file.steps.forEach((step, index) =>
    (step.next ?? []).forEach((next, position) => {
      if (!steps.has(next)) problems.push({ line: lineOf(['steps', index, 'next', position]), message: `step "${step.name}": next step "${next}" is not a step of this file` });
    }),
  );
  const entities = new Set([...(file.addresses ?? []).map((a) => `address:${a.name}`), ...(file.deliveries ?? []).map((d) => `delivery:${d.name}`)]);
  (file.assignments ?? []).forEach((assignment, index) => {
    if (!steps.has(assignment.step)) problems.push({ line: lineOf(['assignments', index, 'step']), message: `assignment: step "${assignment.step}" is not a step of this file` });
    assignment.entities.forEach((entity, position) => {
      if (!entities.has(entity)) problems.push({ line: lineOf(['assignments', index, 'entities', position]), message: `assignment of "${assignment.step}": ${entity} is not declared in this file` });
    });
  });
  const cycle = findCycle(new Map(file.steps.map((step) => [step.name, step.next ?? []])));
  if (cycle) {
    const closing = file.steps.findIndex((step) => step.name === cycle[cycle.length - 2]);
    const position = file.steps[closing]?.next?.indexOf(cycle[cycle.length - 1] as string) ?? 0;
    problems.push({ line: lineOf(['steps', closing, 'next', position]), message: `the steps form a cycle: ${cycle.join(' -> ')}` });
  }
  return problems;
}
