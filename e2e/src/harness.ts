import { randomBytes } from 'node:crypto';
import { startSystem, type System, type SystemOptions } from '@flow/launcher';
import { connect as connectAmqp } from 'amqplib';
import { createHazelcastCache, createLogger } from '@flow/platform';
import mongoose from 'mongoose';
import { fetch } from 'undici';

/** CI sets REQUIRE_INFRA=1: a missing server then fails the run instead of skipping. */
export const requireInfra = process.env.REQUIRE_INFRA === '1';
const mongoBase = (process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/flow-orchestrator').replace(/\/[^/]*$/, '');

export type BackendKind = 'memory' | 'mongo';

async function probeMongo(): Promise<string | undefined> {
  const connection = mongoose.createConnection(`${mongoBase}/probe`, { serverSelectionTimeoutMS: 1_500 });
  try {
    await connection.asPromise();
    return undefined;
  } catch (error) {
    return `no MongoDB-wire server at ${mongoBase} (${(error as Error).message}); run npm run infra:up`;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * Why MongoDB tests cannot run here, or undefined when they can. Throws when REQUIRE_INFRA=1,
 * so CI fails rather than skipping.
 */
export const mongoUnavailable: string | undefined = await probeMongo();
if (mongoUnavailable && requireInfra) throw new Error(`REQUIRE_INFRA=1 but ${mongoUnavailable}`);
if (mongoUnavailable) console.warn(`[e2e] MongoDB integration tests skipped: ${mongoUnavailable}`);

/** The RabbitMQ the bus tests use: RABBITMQ_URL, else the one `npm run infra:up` starts. */
export const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function probeRabbit(): Promise<string | undefined> {
  try {
    const connection = await connectAmqp(rabbitUrl, { timeout: 1_500 });
    await connection.close();
    return undefined;
  } catch (error) {
    return `no RabbitMQ at ${rabbitUrl.replace(/\/\/[^@/]*@/, '//')} (${(error as Error).message}); run npm run infra:up`;
  }
}

/** Why RabbitMQ tests cannot run here, or undefined when they can; throws when REQUIRE_INFRA=1. */
export const rabbitUnavailable: string | undefined = await probeRabbit();
if (rabbitUnavailable && requireInfra) throw new Error(`REQUIRE_INFRA=1 but ${rabbitUnavailable}`);
if (rabbitUnavailable) console.warn(`[e2e] RabbitMQ integration tests skipped: ${rabbitUnavailable}`);

/** The backends a suite runs on: memory always, MongoDB when reachable (or required). */
export const backendKinds: BackendKind[] = mongoUnavailable ? ['memory'] : ['memory', 'mongo'];

/** The Hazelcast member the cache tests use: HAZELCAST_ADDRESSES / HAZELCAST_CLUSTER_NAME, else the infra one. */
export const hazelcastTarget = {
  addresses: (process.env.HAZELCAST_ADDRESSES ?? '127.0.0.1:5701').split(',').map((address) => address.trim()).filter(Boolean),
  clusterName: process.env.HAZELCAST_CLUSTER_NAME ?? 'flow-orchestrator',
};

async function probeHazelcast(): Promise<string | undefined> {
  try {
    const cache = await createHazelcastCache({ ...hazelcastTarget, logger: createLogger('e2e', 'silent'), connectTimeoutMs: 2_000 });
    await cache.close();
    return undefined;
  } catch (error) {
    return `${(error as Error).message}; run npm run infra:up`;
  }
}

/** Why Hazelcast tests cannot run here, or undefined when they can; throws when REQUIRE_INFRA=1. */
export const hazelcastUnavailable: string | undefined = await probeHazelcast();
if (hazelcastUnavailable && requireInfra) throw new Error(`REQUIRE_INFRA=1 but ${hazelcastUnavailable}`);
if (hazelcastUnavailable) console.warn(`[e2e] Hazelcast integration tests skipped: ${hazelcastUnavailable}`);

export function uniqueDatabaseUri(label: string, options: { monitorCommands?: boolean } = {}): string {
  return `${mongoBase}/flow_test_${label}_${randomBytes(4).toString('hex')}${options.monitorCommands ? '?monitorCommands=true' : ''}`;
}

/** The whole system in-process on free ports, quiet, on the given backend (a fresh database). */
export async function startTestSystem(kind: BackendKind, options: Omit<SystemOptions, 'env' | 'ephemeralPorts'> = {}, env: Record<string, string> = {}): Promise<System> {
  return startSystem({
    ...options,
    ephemeralPorts: true,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...(kind === 'mongo' ? { MONGODB_URI: uniqueDatabaseUri(kind) } : {}),
      ...env,
    },
  });
}

/** Closes the system and drops its test database. */
export async function stopTestSystem(system: System | undefined): Promise<void> {
  if (!system) return;
  await system.backend.connection?.dropDatabase().catch(() => undefined);
  await system.close();
}

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; details?: Record<string, unknown> };
}

export interface GraphQLResult<T> {
  status: number;
  data?: T;
  errors?: GraphQLErrorBody[];
}

/** A minimal GraphQL-over-HTTP client, the way any client would talk to the gateway. */
export function graphqlClient(url: string, headers: Record<string, string> = {}) {
  async function request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: GraphQLErrorBody[] };
    return { status: response.status, ...body };
  }
  return {
    request,
    /** The data, failing the test with the errors when there are any. */
    async data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await request<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    /** The first error, failing the test when the operation succeeded. */
    async error(query: string, variables?: Record<string, unknown>): Promise<GraphQLErrorBody> {
      const result = await request(query, variables);
      const first = result.errors?.[0];
      if (!first) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
      return first;
    },
  };
}

export type GraphQLClient = ReturnType<typeof graphqlClient>;
