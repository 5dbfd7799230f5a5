import { AppError, type Metrics } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { compositeKeyOf, displayKeyOf, type EntityDefinition, type RuleContext } from './defineEntity.js';
import type { FederationClient } from './federationClient.js';
import { isGuid, normalize, requireGuid, violationsOf } from './fields.js';
import { assertUnreferenced, checkReferences, findReferrers, type IntegrityDeps } from './integrity.js';
import { instrumentOperations } from './managerMetrics.js';
import type { EntityRecord, EntityRepository, Filter } from './repository.js';

export interface EntityServiceDeps {
  definition: EntityDefinition;
  repository: EntityRepository;
  federation: FederationClient;
  metrics: Metrics;
}

export interface Page {
  nodes: EntityRecord[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;

/** Where a page starts: after a row (cursors from pageInfo) or after a number of rows (REST pages). */
export type CursorPosition = { afterId: string } | { offset: number };

export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
}

/** A cursor for page-number paging: the page starts after `offset` rows. */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const invalid = () =>
    AppError.badInput([{ field: 'after', constraint: 'cursor', message: 'after must be a cursor returned by a previous page' }]);
  let parsed: { id?: unknown; offset?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalid();
  }
  if (Number.isInteger(parsed.offset) && (parsed.offset as number) >= 0) return { offset: parsed.offset as number };
  if (typeof parsed.id === 'string' && isGuid(parsed.id)) return { afterId: parsed.id.toLowerCase() };
  throw invalid();
}

export type EntityService = ReturnType<typeof createEntityService>;

/** The use cases of one entity manager; the GraphQL and REST edges are thin layers over it. */
export function createEntityService({ definition, repository, federation, metrics }: EntityServiceDeps) {
  const integrity: IntegrityDeps = { definition, repository, federation };
  const entities: RuleContext['entities'] = (type, ids, selection) => federation.entities(type, [...ids], selection);
  const count = (operation: 'created' | 'updated' | 'deleted' | 'queried'): void =>
    metrics.counter(`manager_entities_${operation}_total`, `Entities ${operation}, by entity type`, ['entity']).inc({ entity: definition.type });

  function validated(record: Record<string, unknown>): void {
    const violations = violationsOf(definition.fields, record);
    if (violations.length > 0) throw AppError.badInput(violations);
  }

  async function checkRules(record: EntityRecord, changed: Set<string>, previous?: EntityRecord): Promise<EntityRecord> {
    const refFields = new Set([...changed, ...Object.keys(definition.select)]);
    const { referenced, refTypes } = await checkReferences(integrity, record, refFields);
    const context: RuleContext = { changed, referenced, referrers: (id) => findReferrers(integrity, id), entities };
    await definition.rules.validate?.(record, context);
    if (previous) await definition.rules.beforeUpdate?.(previous, record, context);
    return Object.keys(refTypes).length > 0 ? { ...record, refTypes: { ...record.refTypes, ...refTypes } } : record;
  }

  async function mustExist(id: string): Promise<EntityRecord> {
    const [record] = await repository.findByIds([requireGuid(id, 'id')]);
    if (!record) throw AppError.notFound(definition.type, id);
    return record;
  }

  return instrumentOperations({
    definition,
    count,

    async get(id: string): Promise<EntityRecord | null> {
      count('queried');
      const [record] = await repository.findByIds([requireGuid(id, 'id')]);
      return record ?? null;
    },

    async byKey(parts: Record<string, unknown>): Promise<EntityRecord | null> {
      count('queried');
      return repository.findByKey(compositeKeyOf(definition, parts));
    },

    async list(first: number, after: string | undefined, filter: Filter): Promise<Page> {
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
        throw AppError.badInput([{ field: 'first', constraint: 'range', message: `first must be between 1 and ${MAX_PAGE_SIZE} (got ${first})` }]);
      }
      count('queried');
      const position = after === undefined || after === null ? {} : decodeCursor(after);
      const rows = await repository.page({ filter, first, ...position });
      const nodes = rows.slice(0, first);
      const last = nodes.at(-1);
      return {
        nodes,
        pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null },
        totalCount: () => repository.count(filter),
      };
    },

    async create(input: Record<string, unknown>, user: string): Promise<EntityRecord> {
      const fields = normalize(definition.fields, input);
      validated(fields);
      const now = new Date();
      const draft = {
        ...fields,
        id: uuidv7(),
        key: compositeKeyOf(definition, fields),
        createdAt: now,
        updatedAt: now,
        createdBy: user,
        updatedBy: user,
      } as EntityRecord;
      const record = await checkRules(draft, new Set(Object.keys(definition.fields)));
      await repository.insert(record);
      count('created');
      return record;
    },

    async update(id: string, patch: Record<string, unknown>, user: string): Promise<EntityRecord> {
      const previous = await mustExist(id);
      const changed = new Set(Object.keys(patch).filter((field) => field in definition.fields && patch[field] !== undefined));
      const fields = normalize(definition.fields, { ...previous, ...Object.fromEntries([...changed].map((f) => [f, patch[f]])) });
      validated(fields);
      const draft = { ...previous, ...fields, key: compositeKeyOf(definition, fields), updatedAt: new Date(), updatedBy: user } as EntityRecord;
      const record = await checkRules(draft, changed, previous);
      const changes: Partial<EntityRecord> = { key: record.key, updatedAt: record.updatedAt, updatedBy: user };
      for (const field of changed) changes[field] = record[field];
      if (record.refTypes) changes.refTypes = record.refTypes;
      const updated = await repository.update(previous.id, changes);
      if (!updated) throw AppError.notFound(definition.type, id);
      count('updated');
      return updated;
    },

    async remove(id: string): Promise<string> {
      const record = await mustExist(id);
      await assertUnreferenced(integrity, record.id);
      if (!(await repository.remove(record.id))) throw AppError.notFound(definition.type, id);
      count('deleted');
      return record.id;
    },

    /** Entities of any type through their owners, for rules and derived fields. */
    entities,

    describeKey(record: Record<string, unknown>): string {
      return displayKeyOf(definition, record);
    },
  }, definition.type, metrics);
}
