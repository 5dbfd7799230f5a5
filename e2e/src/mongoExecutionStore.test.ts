import { randomBytes } from 'node:crypto';
import { createMongoExecutionStore, createMongoStartKeys } from '@flow/orchestrator';
import { describeExecutionSearchContract, describeExecutionStoreContract, describeStartKeysContract } from '@flow/orchestrator/testing';
import { connectMongo, createLogger } from '@flow/platform';
import type { Connection } from 'mongoose';
import { afterAll, describe } from 'vitest';
import { mongoUnavailable, uniqueDatabaseUri } from './harness.js';

describe.skipIf(mongoUnavailable !== undefined)(`executions on the MongoDB-wire server${mongoUnavailable ? ` (skipped: ${mongoUnavailable})` : ''}`, () => {
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  const fresh = async () => {
    connection ??= await connectMongo(uniqueDatabaseUri('executions'), createLogger('test', 'silent'));
    return createMongoExecutionStore(connection, { collectionName: `executions_${randomBytes(4).toString('hex')}` });
  };
  describeExecutionStoreContract('mongodb', fresh);
  describeExecutionSearchContract('mongodb', fresh);
  describeStartKeysContract('mongodb', async () => {
    connection ??= await connectMongo(uniqueDatabaseUri('executions'), createLogger('test', 'silent'));
    return createMongoStartKeys(connection, `keys_${randomBytes(4).toString('hex')}`);
  });
});
