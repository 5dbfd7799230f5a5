/**
 * A flow file as written (`FlowFile`, schema/flow-file.schema.json) and its canonical form
 * (`FlowGraph`): every default filled in and every list that has no meaningful order sorted.
 * `flow apply` plans from the canonical form, `flow export` writes one back, and two files
 * that mean the same flow have equal canonical forms.
 */
export const API_VERSION = 'flow-orchestrator/v1';

/** Where in the file a value came from: a path into the document -> its 1-based line. */
export type LineOf = (path: ReadonlyArray<string | number>) => number | undefined;

export type EntryCondition = 'PREVIOUS_SUCCESS' | 'PREVIOUS_FAILURE' | 'ALWAYS' | 'NEVER';

interface Named {
  name: string;
  version?: string;
  description?: string;
}

export interface FlowFile {
  $schema?: string;
  apiVersion: typeof API_VERSION;
  flow: { name: string; version: string; description?: string; cron?: string; scheduleEnabled?: boolean };
  workflow?: Partial<Named>;
  schemas?: Array<Named & { definition: unknown }>;
  steps: Array<Named & { processor: string; next?: string[]; entryCondition?: EntryCondition }>;
  addresses?: Array<Named & { connectionString: string; schema: string; configuration?: Record<string, string>; payload?: unknown }>;
  deliveries?: Array<Named & { schema: string; configuration?: Record<string, string>; payload: unknown }>;
  assignments?: Array<Partial<Named> & { step: string; entities: string[] }>;
}

/** An entity's composite key (Address adds its connection string). */
export interface Key {
  name: string;
  version: string;
}

interface Entity extends Key {
  description: string | null;
}

export interface FlowGraph {
  flow: Entity & { cron: string | null; scheduleEnabled: boolean };
  workflow: Entity;
  schemas: Array<Entity & { definition: unknown }>;
  steps: Array<Entity & { processor: Key; next: string[]; entryCondition: EntryCondition }>;
  addresses: Array<Entity & { connectionString: string; schema: Key; configuration: Record<string, string>; payload: unknown }>;
  deliveries: Array<Entity & { schema: Key; configuration: Record<string, string>; payload: unknown }>;
  /** `entities` as `address:<name>` / `delivery:<name>`, names of this file. */
  assignments: Array<Entity & { step: string; entities: string[] }>;
}

/** `name@version` -> key; the JSON Schema has checked the shape. */
export function parseKey(reference: string): Key {
  const at = reference.lastIndexOf('@');
  return { name: reference.slice(0, at), version: reference.slice(at + 1) };
}

export const keyText = (key: Key): string => `${key.name}@${key.version}`;

const byKey = (a: Key, b: Key): number => keyText(a).localeCompare(keyText(b));
const sorted = <T extends Key>(items: T[]): T[] => [...items].sort(byKey);
const sortedObject = (record: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b)));

/** The canonical form of a (validated) file: defaults filled, versions defaulted to the flow's. */
export function canonicalGraph(file: FlowFile): FlowGraph {
  const version = file.flow.version;
  const entity = (item: Partial<Named>, fallbackName: string): Entity => ({
    name: item.name ?? fallbackName, version: item.version ?? version, description: item.description ?? null,
  });
  return {
    flow: { ...entity(file.flow, file.flow.name), cron: file.flow.cron ?? null, scheduleEnabled: file.flow.scheduleEnabled ?? false },
    workflow: entity(file.workflow ?? {}, file.flow.name),
    schemas: sorted((file.schemas ?? []).map((schema) => ({ ...entity(schema, schema.name), definition: schema.definition }))),
    steps: file.steps.map((step) => ({
      ...entity(step, step.name), processor: parseKey(step.processor), next: step.next ?? [], entryCondition: step.entryCondition ?? 'PREVIOUS_SUCCESS',
    })),
    addresses: sorted((file.addresses ?? []).map((address) => ({
      ...entity(address, address.name), connectionString: address.connectionString, schema: parseKey(address.schema),
      configuration: sortedObject(address.configuration), payload: address.payload ?? null,
    }))),
    deliveries: sorted((file.deliveries ?? []).map((delivery) => ({
      ...entity(delivery, delivery.name), schema: parseKey(delivery.schema), configuration: sortedObject(delivery.configuration), payload: delivery.payload,
    }))),
    assignments: sorted((file.assignments ?? []).map((assignment) => ({
      ...entity(assignment, assignment.step), step: assignment.step, entities: assignment.entities,
    }))),
  };
}

/** The file that says `graph` with every default left out: what `flow export` writes. */
export function toFlowFile(graph: FlowGraph): FlowFile {
  const version = graph.flow.version;
  const named = (entity: Entity) => ({
    name: entity.name,
    ...(entity.version !== version ? { version: entity.version } : {}),
    ...(entity.description !== null ? { description: entity.description } : {}),
  });
  const optional = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);
  const configuration = (record: Record<string, string>) => (Object.keys(record).length > 0 ? { configuration: record } : {});
  const { name: _name, ...workflow } = named(graph.workflow);
  const file: FlowFile = {
    apiVersion: API_VERSION,
    flow: {
      name: graph.flow.name, version,
      ...(graph.flow.description !== null ? { description: graph.flow.description } : {}),
      ...(graph.flow.cron !== null ? { cron: graph.flow.cron } : {}),
      ...(graph.flow.scheduleEnabled ? { scheduleEnabled: true } : {}),
    },
    ...(graph.workflow.name !== graph.flow.name || Object.keys(workflow).length > 0
      ? { workflow: { ...(graph.workflow.name !== graph.flow.name ? { name: graph.workflow.name } : {}), ...workflow } }
      : {}),
    schemas: optional(graph.schemas.map((schema) => ({ ...named(schema), definition: schema.definition }))),
    steps: graph.steps.map((step) => ({
      ...named(step), processor: keyText(step.processor),
      ...(step.next.length > 0 ? { next: step.next } : {}),
      ...(step.entryCondition !== 'PREVIOUS_SUCCESS' ? { entryCondition: step.entryCondition } : {}),
    })),
    addresses: optional(graph.addresses.map((address) => ({
      ...named(address), connectionString: address.connectionString, schema: keyText(address.schema), ...configuration(address.configuration),
      ...(address.payload !== null ? { payload: address.payload } : {}),
    }))),
    deliveries: optional(graph.deliveries.map((delivery) => ({
      ...named(delivery), schema: keyText(delivery.schema), ...configuration(delivery.configuration), payload: delivery.payload,
    }))),
    assignments: optional(graph.assignments.map((assignment) => {
      const { name, ...rest } = named(assignment);
      return { ...(name !== assignment.step ? { name } : {}), ...rest, step: assignment.step, entities: assignment.entities };
    })),
  };
  return JSON.parse(JSON.stringify(file)) as FlowFile; // drops the undefined sections
}
