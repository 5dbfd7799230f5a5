import DataLoader from 'dataloader';
import type { EntityDefinition } from './defineEntity.js';
import { idsOf } from './integrity.js';
import type { EntityRecord, EntityRepository } from './repository.js';

/**
 * Per-request batching: every `__resolveReference` and every reverse field of one request
 * shares these loaders, so the database sees one query per entity level, whatever the rows.
 */
export interface Loaders {
  byId: DataLoader<string, EntityRecord | null>;
  /** Records of this type referring to a target id through the reverse field `name`. */
  referrers(name: string): DataLoader<string, EntityRecord[]>;
}

export function createLoaders(definition: EntityDefinition, repository: EntityRepository, onQuery: () => void): Loaders {
  const byId = new DataLoader<string, EntityRecord | null>(async (ids) => {
    onQuery();
    const rows = await repository.findByIds(ids);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
  const reverse = new Map<string, DataLoader<string, EntityRecord[]>>();

  function referrers(name: string): DataLoader<string, EntityRecord[]> {
    let loader = reverse.get(name);
    if (loader) return loader;
    const fields = definition.outgoing.filter((relation) => relation.reverse === name).map((relation) => relation.field);
    loader = new DataLoader<string, EntityRecord[]>(async (targets) => {
      onQuery();
      const wanted = new Set(targets);
      const rows = await repository.findAny(fields.map((field) => ({ [field]: targets })));
      const groups = new Map<string, EntityRecord[]>(targets.map((id) => [id, []]));
      for (const row of rows) {
        const hits = new Set(fields.flatMap((field) => idsOf(row, field)).filter((id) => wanted.has(id)));
        for (const id of hits) groups.get(id)?.push(row);
      }
      return targets.map((id) => groups.get(id) ?? []);
    });
    reverse.set(name, loader);
    return loader;
  }

  return { byId, referrers };
}
