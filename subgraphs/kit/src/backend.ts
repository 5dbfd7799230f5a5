import { connectMongo, pingMongo, type HealthCheck, type Logger } from '@flow/platform';
import type { Connection } from 'mongoose';
import type { EntityDefinition } from './defineEntity.js';
import { createMemoryGraphRevision, createMongoGraphRevision, withGraphRevision, type GraphRevision } from './graphRevision.js';
import { createMemoryDatabase, createMemoryRepository, type MemoryDatabase } from './memoryRepository.js';
import { createMongoRepository } from './mongoRepository.js';
import type { EntityRepository } from './repository.js';

/** Where entity managers keep their records: embedded memory or a real MongoDB. */
export interface EntityBackend {
  /** Each write through one of these repositories sets a new {@link revision} token. */
  repository(definition: EntityDefinition): EntityRepository;
  /** Changes whenever an entity of any type is written here (graphRevision.ts). */
  revision: GraphRevision;
  health: HealthCheck;
  /** The MongoDB connection, when there is one (tests count its commands). */
  connection?: Connection;
  close(): Promise<void>;
}

export function memoryBackend(database: MemoryDatabase = createMemoryDatabase()): EntityBackend {
  const revision = createMemoryGraphRevision();
  return {
    repository: (definition) => withGraphRevision(createMemoryRepository(database, definition.collection, definition.type), revision),
    revision,
    health: { name: 'database', check: async () => undefined },
    close: async () => undefined,
  };
}

export async function mongoBackend(uri: string, logger: Logger): Promise<EntityBackend> {
  const connection = await connectMongo(uri, logger);
  const revision = createMongoGraphRevision(connection);
  return {
    repository: (definition) => withGraphRevision(createMongoRepository(connection, definition.collection, definition.type, definition.fields), revision),
    revision,
    health: { name: 'database', check: () => pingMongo(connection) },
    connection,
    close: () => connection.close(),
  };
}

/** The backend the configuration names: MongoDB when `MONGODB_URI` is set, else embedded. */
export async function backendFor(mongodbUri: string | undefined, logger: Logger): Promise<EntityBackend> {
  return mongodbUri ? mongoBackend(mongodbUri, logger) : memoryBackend();
}
