import { AppError, type FieldViolation } from '@flow/platform';
import type { DerivedContext, EntityData, RuleContext } from '@flow/kit';
import { compatibility, type Finding } from './schemaCompatibility.js';

interface StepData {
  id: string;
  processorId: string;
  nextStepIds: string[];
  entryCondition: string;
}

/** One edge of a workflow whose data flow was judged: the output of `from` is the whole input of `to`. */
export interface EdgeFinding extends Finding {
  from: string;
  to: string;
}

const parsed = (definition: unknown): unknown => {
  try {
    return JSON.parse(String(definition));
  } catch {
    return {};
  }
};

/**
 * The edges whose data flow is judged: `to` runs only after `from` SUCCEEDED (PREVIOUS_SUCCESS)
 * and has no other predecessor in the workflow, so its input is exactly `from`'s output. Other
 * edges get an object keyed by predecessor, or a failed step's null, and are not judged.
 */
function judgedEdges(steps: readonly StepData[]): Array<[StepData, StepData]> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const predecessors = new Map<string, number>();
  for (const step of steps) for (const next of step.nextStepIds) if (byId.has(next)) predecessors.set(next, (predecessors.get(next) ?? 0) + 1);
  return steps.flatMap((step) => step.nextStepIds.flatMap((next): Array<[StepData, StepData]> => {
    const target = byId.get(next);
    return target && target.entryCondition === 'PREVIOUS_SUCCESS' && predecessors.get(next) === 1 ? [[step, target]] : [];
  }));
}

/** Every finding about the workflow's data flow, reading its processors' schemas through federation. */
export async function dataFlowFindings(steps: readonly StepData[], entities: RuleContext['entities']): Promise<EdgeFinding[]> {
  const edges = judgedEdges(steps);
  if (edges.length === 0) return [];
  const processorIds = [...new Set(edges.flatMap(([from, to]) => [from.processorId, to.processorId]))];
  const processors = await entities('Processor', processorIds, 'id inputSchemaId outputSchemaId');
  const schemaOf = (processorId: string, field: 'inputSchemaId' | 'outputSchemaId'): string | undefined => processors.get(processorId)?.[field] as string | undefined;
  const schemaIds = [...new Set(edges.flatMap(([from, to]) => [schemaOf(from.processorId, 'outputSchemaId'), schemaOf(to.processorId, 'inputSchemaId')]))]
    .filter((id): id is string => typeof id === 'string');
  const schemas: Map<string, EntityData | null> = await entities('Schema', schemaIds, 'id definition');
  return edges.flatMap(([from, to]) => {
    const outputId = schemaOf(from.processorId, 'outputSchemaId');
    const inputId = schemaOf(to.processorId, 'inputSchemaId');
    if (!outputId || !inputId || outputId === inputId) return [];
    const output = parsed(schemas.get(outputId)?.definition);
    const input = parsed(schemas.get(inputId)?.definition);
    return compatibility(output, input).map((finding) => ({ ...finding, from: from.id, to: to.id }));
  });
}

/**
 * Refuses a workflow where a step clearly cannot take what the step before it outputs
 * (BAD_USER_INPUT, one violation per finding). What the schemas leave undecided passes.
 */
export async function checkDataFlow(steps: readonly StepData[], context: Pick<RuleContext, 'entities'>): Promise<void> {
  const findings = await dataFlowFindings(steps, context.entities);
  const violations: FieldViolation[] = findings.filter((finding) => finding.kind === 'incompatible').map((finding) => ({
    field: 'stepIds',
    constraint: 'dataFlow',
    message: `step ${finding.to} cannot take the output of step ${finding.from}: at ${finding.path}, ${finding.message}`,
  }));
  if (violations.length > 0) throw AppError.badInput(violations);
}

/** The type `Workflow.dataFlowWarnings` answers with. */
export const dataFlowWarningSdl = `
"An edge whose data flow the schemas leave undecided: the target step takes the source step's whole output, which may not fit"
type DataFlowWarning {
  fromStepId: ID!
  toStepId: ID!
  "Where in the value: / is the whole value, /a/b a nested property, /a/[] the items of array a"
  path: String!
  message: String!
}`;

/** What the schemas leave undecided in a stored workflow's data flow, read from its steps' processors now. */
export async function dataFlowWarnings(stepIds: readonly string[], context: DerivedContext) {
  const found = await context.entities('Step', stepIds, stepSelection);
  const steps = stepIds.flatMap((id) => {
    const step = found.get(id);
    return step ? [step as unknown as StepData] : [];
  });
  const findings = await dataFlowFindings(steps, context.entities);
  return findings.filter((finding) => finding.kind === 'undecidable').map(({ from, to, path, message }) => ({ fromStepId: from, toStepId: to, path, message }));
}

/** The step data a workflow's rule reads (its `select`). */
export const stepSelection = 'id processorId nextStepIds entryCondition';

/** The workflow's steps as the kit selected them, in its order. */
export function stepsOf(stepIds: readonly string[], referenced: RuleContext['referenced']): StepData[] {
  return stepIds.flatMap((id) => {
    const step = referenced.get(id);
    return step ? [step as unknown as StepData] : [];
  });
}
