import { randomBytes } from 'node:crypto';
import { createMongoRepository } from '@flow/kit';
import { contractFields, describeRepositoryContract } from '@flow/kit/testing';
import { connectMongo, createLogger, type Logger } from '@flow/platform';
import type { Connection } from 'mongoose';
import { afterAll, describe } from 'vitest';
import { mongoUnavailable, uniqueDatabaseUri } from './harness.js';

const logger: Logger = createLogger('test', 'silent');

describe.skipIf(mongoUnavailable !== undefined)(`on the MongoDB-wire server${mongoUnavailable ? ` (skipped: ${mongoUnavailable})` : ''}`, () => {
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  describeRepositoryContract('mongoose', async () => {
    connection ??= await connectMongo(uniqueDatabaseUri('contract'), logger);
    const collection = `steps_${randomBytes(4).toString('hex')}`;
    return createMongoRepository(connection, collection, `Step_${collection}`, contractFields);
  });
});
