import { AppError, ErrorCode, type FieldViolation } from '@flow/platform/errors';
import type { SubgraphName } from '@flow/platform';
import { ownerOf, type EntityType, type Relation } from './domain.js';
import type { EntityDefinition, Referrer } from './defineEntity.js';
import type { EntityData, FederationClient } from './federationClient.js';
import type { EntityRecord, EntityRepository } from './repository.js';

export interface IntegrityDeps {
  definition: EntityDefinition;
  repository: EntityRepository;
  federation: FederationClient;
}

export interface CheckedReferences {
  /** Selected data of each referenced entity, by id. */
  referenced: Map<string, EntityData>;
  /** For references with several target types: the type each id turned out to be. */
  refTypes: Record<string, string>;
}

export function idsOf(record: Record<string, unknown>, field: string): string[] {
  const value = record[field];
  if (Array.isArray(value)) return value as string[];
  return typeof value === 'string' ? [value] : [];
}

/** Looks ids of one type up where that type lives: locally, or at its owner through `_entities`. */
async function lookUp(deps: IntegrityDeps, type: EntityType, ids: string[], selection: string): Promise<Map<string, EntityData | null>> {
  if (type !== deps.definition.type) return deps.federation.entities(type, ids, selection);
  // Stryker disable next-line ArrayDeclaration: an id left out of the map reads as undefined, which counts as not found like null
  const found = new Map<string, EntityData | null>(ids.map((id) => [id, null]));
  for (const record of await deps.repository.findByIds(ids)) found.set(record.id, record);
  return found;
}

/**
 * Every id the record refers to through a field in `fields` must exist (BAD_USER_INPUT naming
 * the missing ids otherwise). One request per target type, all in parallel; an owner that
 * cannot be reached fails the write with SERVICE_UNAVAILABLE.
 */
export async function checkReferences(deps: IntegrityDeps, record: EntityRecord, fields: ReadonlySet<string>): Promise<CheckedReferences> {
  const relations = deps.definition.outgoing.filter((relation) => fields.has(relation.field));
  const lookups = relations.flatMap((relation) =>
    relation.to.map(async (type) => {
      const selection = deps.definition.select[relation.field] ?? 'id';
      return { relation, type, found: await lookUp(deps, type, idsOf(record, relation.field), selection) };
    }),
  );
  const results = await Promise.all(lookups);
  const checked: CheckedReferences = { referenced: new Map(), refTypes: {} };
  const violations: FieldViolation[] = [];
  for (const relation of relations) {
    const mine = results.filter((result) => result.relation === relation);
    const missing = idsOf(record, relation.field).filter((id) => {
      const hit = mine.find((result) => result.found.get(id));
      if (!hit) return true;
      checked.referenced.set(id, hit.found.get(id) as EntityData);
      if (relation.to.length > 1) checked.refTypes[id] = hit.type;
      return false;
    });
    if (missing.length > 0) {
      violations.push({
        field: relation.field,
        constraint: 'reference',
        message: `${relation.field} references ${relation.to.join(' or ')} that do not exist: ${missing.join(', ')}`,
      });
    }
  }
  if (violations.length > 0) {
    const error = AppError.badInput(violations);
    const missing = Object.fromEntries(violations.map((v) => [v.field, v.message]));
    throw new AppError(ErrorCode.BAD_USER_INPUT, error.message, { details: { ...error.details, missing } });
  }
  return checked;
}

/** Local referrers, for references this subgraph stores to its own type (Step.nextStepIds). */
async function localReferrers(deps: IntegrityDeps, relation: Relation, id: string): Promise<Referrer[]> {
  const rows = await deps.repository.findAny([{ [relation.field]: [id] }]);
  return rows.map((row) => ({ type: relation.from, id: row.id, via: relation.reverse }));
}

/** Every entity, in any subgraph, referring to `id`: one `_entities` request per referrer subgraph. */
export async function findReferrers(deps: IntegrityDeps, id: string): Promise<Referrer[]> {
  const { definition } = deps;
  const remote = new Map<SubgraphName, Relation[]>();
  // Stryker disable next-line ArrayDeclaration: an entry that is not a relation matches no stored row, so it adds no referrer
  const local: Relation[] = [];
  for (const relation of definition.incoming) {
    if (relation.from === definition.type) local.push(relation);
    else remote.set(ownerOf[relation.from], [...(remote.get(ownerOf[relation.from]) ?? []), relation]);
  }
  const asks = [...remote].map(async ([subgraph, relations]) => {
    // Reverse field -> the referring type; two references of one type may share a reverse field.
    const reverses = new Map(relations.map((relation) => [relation.reverse, relation.from]));
    const selection = [...reverses.keys()].map((field) => `${field} { id }`).join(' ');
    const data = (await deps.federation.entities(definition.type, [id], selection, subgraph)).get(id) ?? {};
    return [...reverses].flatMap(([via, from]) =>
      ((data[via] as Array<{ id: string }> | undefined) ?? []).map((row) => ({ type: from, id: row.id, via })));
  });
  const groups = await Promise.all([...asks, ...local.map((relation) => localReferrers(deps, relation, id))]);
  return groups.flat();
}

/** Refuses to delete a referenced entity, naming the referrers. */
export async function assertUnreferenced(deps: IntegrityDeps, id: string): Promise<void> {
  const referrers = (await findReferrers(deps, id)).filter((referrer) => referrer.id !== id);
  if (referrers.length === 0) return;
  const names = referrers.map((referrer) => `${referrer.type} ${referrer.id}`).join(', ');
  throw new AppError(ErrorCode.CONFLICT, `${deps.definition.type} ${id} is still referenced by ${names}`, {
    details: { referrers },
  });
}
