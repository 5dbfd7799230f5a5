import { connectMongo, pingMongo, type HealthCheck, type Logger } from '@flow/platform';
import type { Connection } from 'mongoose';
import type { EntityDefinition } from './defineEntity.js';
import { createMemoryDatabase, createMemoryRepository, type MemoryDatabase } from './memoryRepository.js';
import { createMongoRepository } from './mongoRepository.js';
import type { EntityRepository } from './repository.js';

/** Where entity managers keep their records: embedded memory or a real MongoDB. */
export interface EntityBackend {
  repository(definition: EntityDefinition): EntityRepository;
  health: HealthCheck;
  /** The MongoDB connection, when there is one (tests count its commands). */
  connection?: Connection;
  close(): Promise<void>;
}

export function memoryBackend(database: MemoryDatabase = createMemoryDatabase()): EntityBackend {
  return {
    repository: (definition) => createMemoryRepository(database, definition.collection, definition.type),
    health: { name: 'database', check: async () => undefined },
    close: async () => undefined,
  };
}

export async function mongoBackend(uri: string, logger: Logger): Promise<EntityBackend> {
  const connection = await connectMongo(uri, logger);
  return {
    repository: (definition) => createMongoRepository(connection, definition.collection, definition.type, definition.fields),
    health: { name: 'database', check: () => pingMongo(connection) },
    connection,
    close: () => connection.close(),
  };
}

/** The backend the configuration names: MongoDB when `MONGODB_URI` is set, else embedded. */
export async function backendFor(mongodbUri: string | undefined, logger: Logger): Promise<EntityBackend> {
  return mongodbUri ? mongoBackend(mongodbUri, logger) : memoryBackend();
}
