import type { Connection, mongo } from 'mongoose';

/** Who took an idempotency key: the execution its start made, and what that start asked. */
export interface StartKeyClaim {
  /** `<orchestratedFlowId>:<idempotencyKey>`: a key names one start of one flow. */
  key: string;
  executionId: string;
  /** A digest of the start's input: the same key with another input is a caller's mistake. */
  inputDigest: string;
  /** When it was taken (ms since the epoch); after the window the key may be taken again. */
  at: number;
}

/**
 * The idempotency keys of starts (startOrchestration's `idempotencyKey`, REST `Idempotency-Key`),
 * in MongoDB or memory; both adapters pass `startKeysContract.ts`. A key is taken by inserting
 * it: the store's unique `_id` decides between concurrent starts, so of any number of starts
 * with one key exactly one runs.
 */
export interface StartKeys {
  init(): Promise<void>;
  /**
   * Takes `claim.key` for `claim.executionId`, or answers the claim that holds it. A claim older
   * than `windowMs` no longer holds it: it is replaced.
   */
  claim(claim: StartKeyClaim, windowMs: number): Promise<StartKeyClaim | null>;
  /** Gives a key back (its start failed before storing the execution), unless another start took it since. */
  release(claim: StartKeyClaim): Promise<void>;
}

export function createMemoryStartKeys(): StartKeys {
  const claims = new Map<string, StartKeyClaim>();
  return {
    async init() {},
    async claim(claim, windowMs) {
      const held = claims.get(claim.key);
      if (held && held.at + windowMs > claim.at) return { ...held };
      claims.set(claim.key, { ...claim });
      return null;
    },
    async release(claim) {
      if (claims.get(claim.key)?.executionId === claim.executionId) claims.delete(claim.key);
    },
  };
}

interface KeyRecord { _id: string; executionId: string; inputDigest: string; at: number }

const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown }).code === 11000;
const toClaim = (record: KeyRecord): StartKeyClaim => ({ key: record._id, executionId: record.executionId, inputDigest: record.inputDigest, at: record.at });

/**
 * Keys in `<collectionName>` (default `executions_keys`), one document per key. An insert is
 * the claim; reading the holder is a read by `_id` (which the MongoDB-wire server hands to its
 * SQLite index); only an expired key's replacement filters on more than the `_id`.
 */
export function createMongoStartKeys(connection: Connection, collectionName = 'executions_keys'): StartKeys {
  const keys = (): mongo.Collection<KeyRecord> => {
    const db = connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db.collection<KeyRecord>(collectionName);
  };
  const record = (claim: StartKeyClaim): KeyRecord => ({ _id: claim.key, executionId: claim.executionId, inputDigest: claim.inputDigest, at: claim.at });

  return {
    async init() {},
    async claim(claim, windowMs) {
      // Twice at most: the second insert follows the removal of an expired claim.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await keys().insertOne(record(claim));
          return null;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const held = await keys().findOne({ _id: claim.key });
        if (held && held.at + windowMs > claim.at) return toClaim(held);
        // Expired (or released meanwhile): removed only if it is still that claim, so of two
        // starts replacing one expired claim a single one inserts.
        if (held) await keys().deleteOne({ _id: held._id, executionId: held.executionId });
      }
      const held = await keys().findOne({ _id: claim.key });
      if (held) return toClaim(held);
      throw new Error(`idempotency key ${claim.key} could not be claimed`);
    },
    async release(claim) {
      await keys().deleteOne({ _id: claim.key, executionId: claim.executionId });
    },
  };
}
