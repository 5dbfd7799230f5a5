import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';

/**
 * One MongoDB connection per process. `autoIndex` is off because services create indexes
 * explicitly at start and wait for them. Command monitoring is off unless the URI asks for it
 * (`?monitorCommands=true`, as the tests that count commands do): with it on, the driver builds
 * two events per command and decodes every reply whole (measured: +10-15% client CPU per
 * findOne).
 */
export async function connectMongo(uri: string, logger: Logger): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 20,
  });
  connection.on('disconnected', () => logger.warn('MongoDB disconnected'));
  connection.on('reconnected', () => logger.info('MongoDB reconnected'));
  await connection.asPromise();
  return connection;
}

/** A health probe: the server answers a ping. */
export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  await db.admin().command({ ping: 1 });
}
