import { pingMongo } from '@flow/platform';
import type { Connection } from 'mongoose';
import type { Execution } from '../engine/state.js';
import type { ExecutionStore, StoredExecution, StoredFields } from './executionStore.js';

type Document = Omit<Execution, 'id'> & StoredFields & { _id: string };

function toDocument(execution: Execution, revision: number): Document {
  const { id, ...rest } = execution;
  return { _id: id, ...rest, revision, outboxSize: execution.outbox.length, writtenAt: new Date().toISOString() };
}

function fromDocument(document: Document): StoredExecution {
  const { _id, outboxSize: _size, writtenAt: _at, ...rest } = document;
  return { id: _id, ...rest };
}

/**
 * Executions in MongoDB, one document each (plan, step states and outbox together), so
 * every transition is a single-document write guarded by `revision`: no transactions, which
 * FerretDB lacks. Ids are UUIDv7, so `_id` order is start order.
 */
export function createMongoExecutionStore(connection: Connection, collectionName = 'executions'): ExecutionStore {
  const collection = () => {
    const db = connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db.collection<Document>(collectionName);
  };
  const many = async (cursor: { toArray(): Promise<Document[]> }): Promise<StoredExecution[]> => (await cursor.toArray()).map(fromDocument);

  return {
    async init() {
      // One index per command: FerretDB 1.24 panics creating several at once on a new collection.
      const keys: Array<Record<string, 1 | -1>> = [{ orchestratedFlowId: 1, _id: -1 }, { status: 1, nextDeadline: 1 }, { outboxSize: 1, writtenAt: 1 }];
      for (const key of keys) {
        await collection().createIndex(key);
      }
    },
    async insert(execution) {
      await collection().insertOne(toDocument(execution, 1));
      return { ...execution, revision: 1 };
    },
    async get(id) {
      const document = await collection().findOne({ _id: id });
      return document ? fromDocument(document) : null;
    },
    async replace(execution, expected) {
      const result = await collection().replaceOne({ _id: execution.id, revision: expected.revision }, toDocument(execution, expected.revision + 1));
      return result.matchedCount === 1 ? { ...execution, revision: expected.revision + 1 } : null;
    },
    async latestForFlow(orchestratedFlowId) {
      const document = await collection().find({ orchestratedFlowId }).sort({ _id: -1 }).limit(1).next();
      return document ? fromDocument(document) : null;
    },
    async list({ orchestratedFlowId, first, beforeId }) {
      const query: Record<string, unknown> = {};
      if (orchestratedFlowId) query.orchestratedFlowId = orchestratedFlowId;
      if (beforeId) query._id = { $lt: beforeId };
      return many(collection().find(query).sort({ _id: -1 }).limit(first));
    },
    async count({ orchestratedFlowId }) {
      return collection().countDocuments(orchestratedFlowId ? { orchestratedFlowId } : {});
    },
    async withOutbox(olderThan, limit) {
      return many(collection().find({ outboxSize: { $gt: 0 }, writtenAt: { $lte: olderThan.toISOString() } }).limit(limit));
    },
    async withDueDeadline(now, limit) {
      return many(collection().find({ status: 'RUNNING', nextDeadline: { $ne: null, $lte: now.toISOString() } }).limit(limit));
    },
    async countByStatus() {
      const statuses = ['RUNNING', 'COMPLETED', 'FAILED', 'STOPPED'];
      const counts = await Promise.all(statuses.map((status) => collection().countDocuments({ status } as Record<string, unknown>)));
      return Object.fromEntries(statuses.map((status, index) => [status, counts[index] ?? 0]));
    },
    health: { name: 'executions', check: () => pingMongo(connection) },
  };
}
