import { isAppError } from '@flow/platform';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { withGraphRevision, type GraphRevision } from '../graphRevision.js';
import type { EntityRecord, EntityRepository } from '../repository.js';

export interface RevisionFixture {
  /** A token nobody has set yet (a new database). */
  revision: GraphRevision;
  /** A second view of the same token, as another process would have it. */
  elsewhere: GraphRevision;
  /** An empty repository beside it, initialized. */
  repository: EntityRepository;
}

function row(name: string): EntityRecord {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    id: uuidv7(), key: JSON.stringify(['1.0', name]), version: '1.0', name, description: null, processorId: uuidv7(), nextStepIds: [],
    createdAt: now, updatedAt: now, createdBy: 'tester', updatedBy: 'tester',
  };
}

/** The behaviour every GraphRevision adapter must have, with the repository wrapper that bumps it. */
export function describeGraphRevisionContract(adapter: string, fresh: () => Promise<RevisionFixture>): void {
  describe(`GraphRevision contract (${adapter})`, () => {
    it('should have no token until a write, then a new one at every bump, seen from elsewhere', async () => {
      const { revision, elsewhere } = await fresh();
      expect(await revision.current()).toBeUndefined();
      const seen = new Set<string | undefined>();
      for (let n = 0; n < 3; n += 1) {
        await revision.bump();
        const token = await elsewhere.current();
        expect(token).toBeDefined();
        expect(await revision.current()).toBe(token);
        seen.add(token);
      }
      expect(seen.size).toBe(3);
    });

    it('should leave a token no reader saw before, after concurrent bumps', async () => {
      const { revision } = await fresh();
      await revision.bump();
      const before = await revision.current();
      await Promise.all(Array.from({ length: 10 }, () => revision.bump()));
      expect(await revision.current()).not.toBe(before);
    });

    it('should take concurrent first bumps of a token nobody set, none of them failing', async () => {
      const { revision, elsewhere } = await fresh();
      const bumps = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? revision : elsewhere).bump()));
      expect(bumps.filter((bump) => bump.status === 'rejected')).toEqual([]);
      expect(await elsewhere.current()).toBeDefined();
    });

    it('should change the token at each insert, update and remove, and not at a read', async () => {
      const { revision, repository } = await fresh();
      const entities = withGraphRevision(repository, revision);
      const tokens: Array<string | undefined> = [];
      const a = row(`a-${uuidv7()}`);
      await entities.insert(a);
      tokens.push(await revision.current());
      await entities.update(a.id, { description: 'changed' });
      tokens.push(await revision.current());
      await entities.findByIds([a.id]);
      await entities.page({ filter: {}, first: 5 });
      await entities.count({});
      expect(await revision.current()).toBe(tokens[1]);
      expect(await entities.remove(a.id)).toBe(true);
      tokens.push(await revision.current());
      expect(new Set(tokens).size).toBe(3);
      expect(tokens).not.toContain(undefined);
    });

    it('should change the token after a refused write too, answering the write\'s own error', async () => {
      const { revision, repository } = await fresh();
      const entities = withGraphRevision(repository, revision);
      const a = row(`b-${uuidv7()}`);
      await entities.insert(a);
      const before = await revision.current();
      const refused = await entities.insert({ ...row(`c-${uuidv7()}`), key: a.key }).catch((error: unknown) => error);
      expect(isAppError(refused) && refused.code).toBe('CONFLICT');
      expect(await revision.current()).not.toBe(before);
    });
  });
}
