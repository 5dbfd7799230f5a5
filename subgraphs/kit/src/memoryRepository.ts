import { AppError, ErrorCode } from '@flow/platform/errors';
import { duplicateKeyMessage, matches, type EntityRecord, type EntityRepository, type Filter } from './repository.js';

/** Shared storage for all in-memory repositories of one embedded process, by collection. */
export type MemoryDatabase = Map<string, Map<string, EntityRecord>>;

export function createMemoryDatabase(): MemoryDatabase {
  return new Map();
}

const copy = (record: EntityRecord): EntityRecord => structuredClone(record);
const byId = (a: EntityRecord, b: EntityRecord): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The embedded twin of the MongoDB adapter. Node runs one callback at a time, so the key
 * check and the insert below cannot interleave: concurrent creates of one key get one winner.
 */
export function createMemoryRepository(database: MemoryDatabase, collection: string, typeName: string): EntityRepository {
  const rows = database.get(collection) ?? new Map<string, EntityRecord>();
  database.set(collection, rows);
  const keyTaken = (key: string, exceptId?: string): boolean =>
    [...rows.values()].some((row) => row.key === key && row.id !== exceptId);
  const sorted = (filter: Filter): EntityRecord[] => [...rows.values()].filter((row) => matches(row, filter)).sort(byId);

  return {
    async init() {},
    async insert(record) {
      if (rows.has(record.id) || keyTaken(record.key)) {
        throw new AppError(ErrorCode.CONFLICT, duplicateKeyMessage(typeName, record.key), { details: { key: record.key } });
      }
      rows.set(record.id, copy(record));
    },
    async update(id, changes) {
      const current = rows.get(id);
      if (!current) return null;
      if (changes.key !== undefined && keyTaken(changes.key, id)) {
        throw new AppError(ErrorCode.CONFLICT, duplicateKeyMessage(typeName, changes.key), { details: { key: changes.key } });
      }
      const next = { ...current, ...copy(changes as EntityRecord) };
      rows.set(id, next);
      return copy(next);
    },
    async remove(id) {
      return rows.delete(id);
    },
    async findByIds(ids) {
      return ids.flatMap((id) => {
        const row = rows.get(id);
        return row ? [copy(row)] : [];
      });
    },
    async findByKey(key) {
      const row = [...rows.values()].find((candidate) => candidate.key === key);
      return row ? copy(row) : null;
    },
    async findAny(filters) {
      return [...rows.values()].filter((row) => filters.some((filter) => matches(row, filter))).sort(byId).map(copy);
    },
    async page({ filter, first, afterId, offset = 0 }) {
      return sorted(filter)
        .filter((row) => afterId === undefined || row.id > afterId)
        .slice(offset, offset + first + 1)
        .map(copy);
    },
    async count(filter) {
      return sorted(filter).length;
    },
  };
}
