import { CliError, type Problem } from '../errors.js';
import { keyText, parseKey } from '../flowFile/model.js';
import type { ParsedFlowFile } from '../flowFile/parse.js';
import { desiredEntities, JsonText, refOf, type DesiredEntity, type FieldValue, type Reference } from './desired.js';
import type { EntityClient, LiveEntity } from './entities.js';

export type Action = 'create' | 'update' | 'unchanged';

export interface PlanItem {
  entity: DesiredEntity;
  action: Action;
  /** The fields an update changes. */
  changed: string[];
  /** The live entity's id (absent for a create). */
  id?: string;
}

export interface Plan {
  items: PlanItem[];
  /** ref -> id of every entity that exists now (processors and schemas referred to included). */
  ids: Map<string, string>;
}

const isReference = (value: unknown): value is Reference => typeof value === 'object' && value !== null && 'ref' in value;

/** A desired value with its references resolved; undefined when one names an entity still to create. */
export function resolveValue(value: FieldValue, ids: ReadonlyMap<string, string>): unknown {
  if (isReference(value)) return ids.get(value.ref);
  if (value instanceof JsonText) return value.text;
  if (Array.isArray(value) && value.every(isReference)) {
    const resolved = value.map((item) => ids.get(item.ref));
    return resolved.every((id) => id !== undefined) ? resolved : undefined;
  }
  return value;
}

function same(live: unknown, desired: FieldValue, ids: ReadonlyMap<string, string>): boolean {
  if (desired instanceof JsonText) {
    try {
      return typeof live === 'string' && JSON.stringify(JSON.parse(live)) === desired.text;
    } catch {
      return false;
    }
  }
  const resolved = resolveValue(desired, ids);
  return resolved !== undefined && JSON.stringify(live ?? null) === JSON.stringify(resolved);
}

/** Processors (never written by a file) and schemas the file refers to without declaring them must exist. */
async function resolveExternal(parsed: ParsedFlowFile, client: EntityClient, ids: Map<string, string>): Promise<void> {
  const { file, lineOf } = parsed;
  const declared = new Set(parsed.graph.schemas.map((schema) => keyText(schema)));
  const wanted: Array<{ type: 'Processor' | 'Schema'; reference: string; path: Array<string | number> }> = [
    ...file.steps.map((step, index) => ({ type: 'Processor' as const, reference: step.processor, path: ['steps', index, 'processor'] })),
    ...(file.addresses ?? []).map((address, index) => ({ type: 'Schema' as const, reference: address.schema, path: ['addresses', index, 'schema'] })),
    ...(file.deliveries ?? []).map((delivery, index) => ({ type: 'Schema' as const, reference: delivery.schema, path: ['deliveries', index, 'schema'] })),
  ].filter((item) => item.type === 'Processor' || !declared.has(item.reference));
  const problems: Problem[] = [];
  for (const { type, reference, path } of wanted) {
    const key = parseKey(reference);
    const ref = refOf(type, key);
    if (!ids.has(ref)) {
      const live = await client.byKey(type, { version: key.version, name: key.name });
      if (live) ids.set(ref, live.id);
    }
    if (!ids.has(ref)) {
      const hint = type === 'Processor' ? ' (a processor registers itself when it starts)' : '';
      problems.push({ line: parsed.lineOf(path) ?? lineOf([]), message: `${type.toLowerCase()} ${reference} does not exist${hint}` });
    }
  }
  if (problems.length > 0) throw new CliError('INVALID_FLOW_FILE', 'the file refers to entities that do not exist; nothing was written', problems);
}

function planItem(entity: DesiredEntity, live: LiveEntity | null, ids: Map<string, string>): PlanItem {
  if (!live) return { entity, action: 'create', changed: [] };
  ids.set(entity.ref, live.id);
  const changed = Object.entries(entity.fields).filter(([field, value]) => !same(live[field], value, ids)).map(([field]) => field);
  return { entity, action: changed.length > 0 ? 'update' : 'unchanged', changed, id: live.id };
}

/**
 * Compares a flow file with the live graph, entity by entity through their composite keys:
 * what to create, what to update (and which fields), what is already as the file says. Reads
 * only; refuses a file whose processors or external schemas do not exist.
 */
export async function planFlow(parsed: ParsedFlowFile, client: EntityClient): Promise<Plan> {
  const ids = new Map<string, string>();
  await resolveExternal(parsed, client, ids);
  const items: PlanItem[] = [];
  for (const entity of desiredEntities(parsed.graph)) items.push(planItem(entity, await client.byKey(entity.type, entity.key), ids));
  return { items, ids };
}

/** Writes a plan in order, creating and patching (only the changed fields); returns the flow's id. */
export async function applyPlan(plan: Plan, client: EntityClient): Promise<string> {
  const ids = new Map(plan.ids);
  const input = (entity: DesiredEntity, fields: readonly string[]) =>
    Object.fromEntries(fields.map((field) => [field, resolveValue(entity.fields[field] as FieldValue, ids)]));
  for (const item of plan.items) {
    const { entity } = item;
    if (item.action === 'create') ids.set(entity.ref, await client.create(entity.type, { ...entity.key, ...input(entity, Object.keys(entity.fields)) }));
    else if (item.action === 'update') await client.update(entity.type, item.id as string, input(entity, item.changed));
  }
  const flow = plan.items[plan.items.length - 1]?.entity;
  return ids.get(flow?.ref ?? '') as string;
}
