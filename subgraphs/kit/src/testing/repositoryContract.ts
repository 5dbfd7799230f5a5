import { isAppError } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FieldSpecs } from '../fields.js';
import type { EntityRecord, EntityRepository } from '../repository.js';

/** The fields of the entity the contract suite stores: a plain, a reference and a list field. */
export const contractFields: FieldSpecs = {
  version: { kind: 'string', required: true, min: 1, max: 50 },
  name: { kind: 'string', required: true, min: 1, max: 50 },
  description: { kind: 'string', required: false, max: 1000 },
  processorId: { kind: 'id', required: true },
  nextStepIds: { kind: 'ids', nonEmpty: false },
};

let sequence = 0;
function record(overrides: Partial<EntityRecord> = {}): EntityRecord {
  const name = `row-${++sequence}`;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    id: uuidv7(),
    key: JSON.stringify(['1.0', name]),
    version: '1.0',
    name,
    description: null,
    processorId: uuidv7(),
    nextStepIds: [],
    createdAt: now,
    updatedAt: now,
    createdBy: 'tester',
    updatedBy: 'tester',
    ...overrides,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return isAppError(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

/**
 * The behaviour every EntityRepository adapter must have. `fresh` answers an empty
 * repository (a new collection) for each test.
 */
export function describeRepositoryContract(adapter: string, fresh: () => Promise<EntityRepository>): void {
  describe(`EntityRepository contract (${adapter})`, () => {
    let repository: EntityRepository;
    beforeEach(async () => {
      repository = await fresh();
      await repository.init();
      await repository.init();
    });

    it('should store a record and read it back by id and by key', async () => {
      const row = record({ description: 'text', nextStepIds: [uuidv7()] });
      await repository.insert(row);
      expect(await repository.findByIds([row.id])).toEqual([row]);
      expect(await repository.findByKey(row.key)).toEqual(row);
      expect(await repository.findByKey('["nope"]')).toBeNull();
      expect(await repository.findByIds([])).toEqual([]);
    });

    it('should refuse a second record with the same composite key with CONFLICT', async () => {
      const first = record();
      await repository.insert(first);
      expect(await codeOf(repository.insert(record({ key: first.key })))).toBe('CONFLICT');
      expect(await repository.count({})).toBe(1);
    });

    it('should let exactly one of 20 concurrent inserts of one key win', async () => {
      const key = JSON.stringify(['1.0', `race-${uuidv7()}`]);
      const codes = await Promise.all(Array.from({ length: 20 }, () => codeOf(repository.insert(record({ key })))));
      expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
      expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(19);
      expect(await repository.count({})).toBe(1);
    });

    it('should apply changes, answer the new record, and refuse a taken key', async () => {
      const a = record();
      const b = record();
      await repository.insert(a);
      await repository.insert(b);
      const later = new Date(a.updatedAt.getTime() + 1000);
      const updated = await repository.update(a.id, { name: 'renamed', key: '["1.0","renamed"]', updatedAt: later });
      expect(updated).toEqual({ ...a, name: 'renamed', key: '["1.0","renamed"]', updatedAt: later });
      expect(await repository.update(uuidv7(), { name: 'x' })).toBeNull();
      expect(await codeOf(repository.update(b.id, { key: '["1.0","renamed"]' }))).toBe('CONFLICT');
      expect((await repository.findByIds([b.id]))[0]?.key).toBe(b.key);
    });

    it('should remove a record once', async () => {
      const row = record();
      await repository.insert(row);
      expect(await repository.remove(row.id)).toBe(true);
      expect(await repository.remove(row.id)).toBe(false);
      expect(await repository.findByIds([row.id])).toEqual([]);
    });

    it('should match list fields by any element and OR filters together', async () => {
      const target = uuidv7();
      const viaList = record({ nextStepIds: [uuidv7(), target] });
      const viaField = record({ processorId: target });
      const neither = record();
      for (const row of [viaList, viaField, neither]) await repository.insert(row);
      const found = await repository.findAny([{ nextStepIds: [target] }, { processorId: [target] }]);
      expect(found.map((row) => row.id)).toEqual([viaList.id, viaField.id]);
      expect(await repository.findAny([])).toEqual([]);
      expect(await repository.count({ nextStepIds: [target] })).toBe(1);
    });

    it('should page in id order without repeating or losing rows, honouring the filter', async () => {
      const processorId = uuidv7();
      const rows = Array.from({ length: 7 }, () => record({ processorId }));
      for (const row of [...rows].reverse()) await repository.insert(row);
      await repository.insert(record());
      const seen: string[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await repository.page({ filter: { processorId: [processorId] }, first: 3, ...(afterId ? { afterId } : {}) });
        const shown = page.slice(0, 3);
        seen.push(...shown.map((row) => row.id));
        if (page.length <= 3) break;
        afterId = shown.at(-1)?.id;
      }
      expect(seen).toEqual(rows.map((row) => row.id));
      expect(await repository.count({ processorId: [processorId] })).toBe(7);
      expect(await repository.count({})).toBe(8);
      expect(await repository.page({ filter: { id: [rows[2]?.id] }, first: 10 })).toEqual([rows[2]]);
      const third = await repository.page({ filter: { processorId: [processorId] }, first: 3, offset: 6 });
      expect(third.map((row) => row.id)).toEqual([rows[6]?.id]);
    });
  });
}
