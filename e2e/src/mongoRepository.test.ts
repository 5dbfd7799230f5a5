import { randomBytes } from 'node:crypto';
import { createMongoGraphRevision, createMongoRepository } from '@flow/kit';
import { contractFields, describeGraphRevisionContract, describeRepositoryContract } from '@flow/kit/testing';
import { connectMongo, createLogger, type Logger } from '@flow/platform';
import type { Connection } from 'mongoose';
import { afterAll, describe } from 'vitest';
import { mongoUnavailable, uniqueDatabaseUri } from './harness.js';

const logger: Logger = createLogger('test', 'silent');

describe.skipIf(mongoUnavailable !== undefined)(`on the MongoDB-wire server${mongoUnavailable ? ` (skipped: ${mongoUnavailable})` : ''}`, () => {
  let connection: Connection | undefined;
  /** Each revision case has a database of its own (no token yet), seen through two connections. */
  const revisionConnections: Connection[] = [];
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
    for (const opened of revisionConnections) await opened.dropDatabase().catch(() => undefined);
    await Promise.all(revisionConnections.map((opened) => opened.close()));
  });
  describeRepositoryContract('mongoose', async () => {
    connection ??= await connectMongo(uniqueDatabaseUri('contract'), logger);
    const collection = `steps_${randomBytes(4).toString('hex')}`;
    return createMongoRepository(connection, collection, `Step_${collection}`, contractFields);
  });
  describeGraphRevisionContract('mongoose', async () => {
    const uri = uniqueDatabaseUri('revision');
    const [mine, other] = [await connectMongo(uri, logger), await connectMongo(uri, logger)];
    revisionConnections.push(mine, other);
    const repository = createMongoRepository(mine, 'steps', `Step_revision_${revisionConnections.length}`, contractFields);
    await repository.init();
    return { revision: createMongoGraphRevision(mine), elsewhere: createMongoGraphRevision(other), repository };
  });
});
