import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';

/**
 * One MongoDB connection per process. Command monitoring is on so tests and metrics can
 * count what a request costs; `autoIndex` is off because services create indexes explicitly
 * at start and wait for them.
 */
export async function connectMongo(uri: string, logger: Logger): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    autoCreate: false,
    monitorCommands: true,
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
