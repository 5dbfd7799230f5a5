/**
 * The storage port of the entity manager. Adapters: `createMemoryRepository` (embedded mode,
 * unit tests) and `createMongoRepository` (mongoose); both pass `repositoryContract.ts`.
 */
export interface EntityRecord {
  id: string;
  /** The composite key (`{version}_{name}`, Address adds `_{connectionString}`); unique. */
  key: string;
  version: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
  /** For references with several possible target types: the type of each referenced id. */
  refTypes?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Field -> accepted values, ANDed across fields. A list field matches when any of its
 * elements is accepted.
 */
export type Filter = Readonly<Record<string, readonly unknown[]>>;

export interface PageRequest {
  filter: Filter;
  /** Rows to return; the adapter reads one more to tell whether a next page exists. */
  first: number;
  /** Only ids strictly greater than this one (ids sort in creation order). */
  afterId?: string;
  /** Rows to pass over first (page-number paging of the REST API). */
  offset?: number;
}

export interface EntityRepository {
  /** Fails with CONFLICT when the composite key exists already (race-safe: unique index). */
  insert(record: EntityRecord): Promise<void>;
  /** Applies `changes` and answers the new record, or null when the id does not exist. */
  update(id: string, changes: Partial<EntityRecord>): Promise<EntityRecord | null>;
  remove(id: string): Promise<boolean>;
  findByIds(ids: readonly string[]): Promise<EntityRecord[]>;
  findByKey(key: string): Promise<EntityRecord | null>;
  /** Records matching any of the filters, in id order. */
  findAny(filters: readonly Filter[]): Promise<EntityRecord[]>;
  /** Up to `first + 1` records matching the filter, in id order. */
  page(request: PageRequest): Promise<EntityRecord[]>;
  count(filter: Filter): Promise<number>;
  /** Creates indexes; resolves once they exist. */
  init(): Promise<void>;
}

/** The CONFLICT message of a taken key, showing it as users write it (`1.0_MyStep`). */
export function duplicateKeyMessage(type: string, key: string): string {
  let parts: unknown = key;
  try {
    parts = JSON.parse(key);
  } catch {
    // a key stored by an older writer: show it as it is
  }
  const shown = Array.isArray(parts) ? parts.join('_') : key;
  return `${type} with composite key "${shown}" already exists`;
}

/** Whether `record` satisfies the filter; the in-memory adapter's query engine. */
export function matches(record: EntityRecord, filter: Filter): boolean {
  return Object.entries(filter).every(([field, accepted]) => {
    const value = field === 'id' ? record.id : record[field];
    return Array.isArray(value) ? value.some((item) => accepted.includes(item)) : accepted.includes(value);
  });
}
