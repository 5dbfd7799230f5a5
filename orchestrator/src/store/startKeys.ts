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

/** One generation of a key: a claim, or the release of the claim before it. */
interface KeyRecord { _id: string; key: string; executionId: string; inputDigest: string; at: number; released?: true }

/** Tries of a key before giving up: each lost race ends with a holder found, so more than two are rare. */
const CLAIM_ATTEMPTS = 5;
const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown }).code === 11000;
const toClaim = (record: KeyRecord): StartKeyClaim => ({ key: record.key, executionId: record.executionId, inputDigest: record.inputDigest, at: record.at });

/**
 * Keys in `<collectionName>` (default `executions_keys`), insert-only: a key's claims and releases
 * are its generations `<key>#0`, `<key>#1`, ..., each inserted once, the latest in force. A claim
 * or a release inserts the next generation, so the unique `_id` decides every race; nothing is
 * updated or deleted, because the MongoDB-wire server (FerretDB on SQLite) applies a conditional
 * update or delete as a read then a write, which two racing starts can both pass. Reads are by
 * `_id`, which it hands to its SQLite index; a key has more than one generation only once it
 * expired or was released.
 */
export function createMongoStartKeys(connection: Connection, collectionName = 'executions_keys'): StartKeys {
  const keys = (): mongo.Collection<KeyRecord> => {
    const db = connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db.collection<KeyRecord>(collectionName);
  };
  /** The latest generation of `key` (-1: none yet) and its record. */
  async function latestOf(key: string): Promise<{ generation: number; record: KeyRecord | null }> {
    let latest: { generation: number; record: KeyRecord | null } = { generation: -1, record: null };
    for (;;) {
      const next = await keys().findOne({ _id: `${key}#${latest.generation + 1}` });
      if (!next) return latest;
      latest = { generation: latest.generation + 1, record: next };
    }
  }
  /** Inserts the next generation of a key; false when another start inserted it first. */
  async function insertAfter(generation: number, record: Omit<KeyRecord, '_id'>): Promise<boolean> {
    try {
      await keys().insertOne({ _id: `${record.key}#${generation + 1}`, ...record });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  return {
    async claim(claim, windowMs) {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
        const { generation, record } = await latestOf(claim.key);
        if (record && !record.released && record.at + windowMs > claim.at) return toClaim(record);
        if (await insertAfter(generation, { ...claim })) return null;
      }
      throw new Error(`idempotency key ${claim.key} could not be claimed in ${CLAIM_ATTEMPTS} attempts`);
    },
    async release(claim) {
      const { generation, record } = await latestOf(claim.key);
      if (record && !record.released && record.executionId === claim.executionId) await insertAfter(generation, { ...toClaim(record), released: true });
    },
  };
}
