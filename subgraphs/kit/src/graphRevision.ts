import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { isDuplicateKey } from './mongoRepository.js';
import type { EntityRepository } from './repository.js';

/**
 * A token that changes whenever an entity of any type is written, so a reader of the entity
 * graph (the orchestrator's flow snapshots) can reuse what it read while the token stays the
 * same. Every write sets a new unique token after it lands: a reader that reads the token
 * before the entities sees every write that finished before the token it read, and one racing
 * with a write reads it again at the next token.
 */
export interface GraphRevision {
  /** Sets a new token; called after each write. */
  bump(): Promise<void>;
  /**
   * The current token, or undefined when none was ever set here (then a reader cannot tell a
   * change, e.g. its managers write to another database, and must reuse nothing).
   */
  current(): Promise<string | undefined>;
}

export function createMemoryGraphRevision(): GraphRevision {
  let token: string | undefined;
  return {
    async bump() {
      token = uuidv7();
    },
    async current() {
      return token;
    },
  };
}

/** The collection of the MongoDB token: one document, `_id` = {@link REVISION_ID}. */
export const GRAPH_REVISION_COLLECTION = 'entity_revision';
const REVISION_ID = 'entities';

/**
 * The token in MongoDB, beside the entities. A write sets a new random token rather than
 * incrementing one: two concurrent bumps can never leave the token a reader already saw.
 */
export function createMongoGraphRevision(connection: Connection): GraphRevision {
  const collection = () => connection.collection<{ _id: string; token: string }>(GRAPH_REVISION_COLLECTION);
  return {
    async bump() {
      const set = () => collection().updateOne({ _id: REVISION_ID }, { $set: { token: uuidv7() } }, { upsert: true });
      // Concurrent first upserts may each insert: all but one answer duplicate key (FerretDB does
      // not retry them as MongoDB does), and then the document exists for an update.
      await set().catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
        return set();
      });
    },
    async current() {
      return (await collection().findOne({ _id: REVISION_ID }))?.token;
    },
  };
}

/**
 * The repository with a new graph token after each insert, update and remove, whether it
 * succeeded or not (a failed write may still have landed). A write that succeeded but whose
 * bump failed answers the bump's error: the caller must not take the change as published.
 */
export function withGraphRevision(repository: EntityRepository, revision: GraphRevision): EntityRepository {
  async function bumping<R>(write: () => Promise<R>): Promise<R> {
    let result: R;
    try {
      result = await write();
    } catch (error) {
      await revision.bump().catch(() => undefined);
      throw error;
    }
    await revision.bump();
    return result;
  }
  return {
    ...repository,
    insert: (record) => bumping(() => repository.insert(record)),
    update: (id, changes) => bumping(() => repository.update(id, changes)),
    remove: (id) => bumping(() => repository.remove(id)),
  };
}
