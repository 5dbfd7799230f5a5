import { buildSchema, graphql } from 'graphql';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { AppError, ErrorCode } from './errors.js';
import { createFormatError } from './graphqlErrors.js';
import { createHttpApp, finishHttpApp, listen, type RunningServer } from './http.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

/**
 * Issue 13, "Secrets": a configuration error names the variable, never the secret in it; a
 * production answer and `/health` never name an internal host, port or credential.
 */
const SECRET = 'Sup3r-S3cret-pa55word';
const leaks = (text: string) => [SECRET, '10.0.3.7', '27017', '5672', 'db.internal'].filter((part) => text.includes(part));

function configProblems(env: Record<string, string>): string {
  try {
    loadConfig('orchestrator', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration errors', () => {
  it.each([
    ['MONGODB_URI', `mongodb//admin:${SECRET}@db.internal:27017/flow`],
    ['MONGODB_URI', `postgres://admin:${SECRET}@db.internal:27017/flow`],
    ['RABBITMQ_URL', `http://flow:${SECRET}@db.internal:5672`],
    ['RABBITMQ_URL', `amqp://flow:${SECRET}@db.internal:5672 extra`],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', `ftp://user:${SECRET}@db.internal/v1`],
    ['HAZELCAST_ADDRESSES', `admin:${SECRET}@db.internal`],
    ['LOG_LEVEL', `${SECRET}${SECRET}`],
    ['ORCHESTRATOR_PREFETCH', `${SECRET}${SECRET}`],
    ['SCHEDULER_TIME_ZONE', `${SECRET}${SECRET}`],
  ])('should name %s without repeating the secret in its value', (name, value) => {
    const message = configProblems({ [name]: value });
    expect(message).toContain(name);
    expect(message).not.toContain(SECRET);
  });
});

describe('/health', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('should say what failed but not where', async () => {
    const logger = createLogger('secrets-test', 'silent');
    const fail = (message: string) => async () => {
      throw new Error(message);
    };
    const app = createHttpApp({
      logger, metrics: createMetrics('secrets-test'),
      health: [
        { name: 'mongodb', check: fail('connect ECONNREFUSED 10.0.3.7:27017') },
        { name: 'rabbitmq', check: fail(`cannot connect to RabbitMQ at amqp://flow:${SECRET}@db.internal:5672`) },
        { name: 'hazelcast', critical: false, check: fail('getaddrinfo ENOTFOUND db.internal') },
      ],
    });
    finishHttpApp(app, logger, { exposeDetails: false });
    running = await listen(app, 0, '127.0.0.1');
    const response = await fetch(`${running.url}/health`);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(leaks(text)).toEqual([]);
    expect(JSON.parse(text).checks).toMatchObject({
      mongodb: { status: 'Unhealthy', error: 'connect ECONNREFUSED <internal>' },
      rabbitmq: { status: 'Unhealthy', error: 'cannot connect to RabbitMQ at <internal>' },
      hazelcast: { status: 'Degraded', error: 'getaddrinfo ENOTFOUND <internal>' },
    });
  });
});

describe('production answers', () => {
  const unreachable = new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The step subgraph cannot be reached: connect ECONNREFUSED 10.0.3.7:27017', { details: { subgraph: 'step' } });

  it('should keep the code and the gist of a GraphQL error, without the host and port', async () => {
    const result = await graphql({ schema: buildSchema('type Query { fail: String }'), source: '{ fail }', rootValue: { fail: () => { throw unreachable; } } });
    const error = result.errors?.[0];
    if (!error) throw new Error('the query did not fail');
    const production = createFormatError({ exposeDetails: false })(error.toJSON(), error);
    expect(production).toMatchObject({ message: 'The step subgraph cannot be reached: connect ECONNREFUSED <internal>', extensions: { code: 'SERVICE_UNAVAILABLE' } });
    const development = createFormatError({ exposeDetails: true })(error.toJSON(), error);
    expect(development.message).toBe(unreachable.message);
  });

  it('should leave the text of a client error alone: it repeats the client\'s own input', async () => {
    const refused = new AppError(ErrorCode.BAD_USER_INPUT, 'connectionString must be a file:// URL (got "http://files.example:8080/in")');
    const result = await graphql({ schema: buildSchema('type Query { fail: String }'), source: '{ fail }', rootValue: { fail: () => { throw refused; } } });
    const error = result.errors?.[0];
    if (!error) throw new Error('the query did not fail');
    expect(createFormatError({ exposeDetails: false })(error.toJSON(), error).message).toBe(refused.message);
  });

  it('should answer a REST error without the host and port', async () => {
    const logger = createLogger('secrets-test', 'silent');
    const app = express();
    app.get('/down', () => {
      throw unreachable;
    });
    finishHttpApp(app, logger, { exposeDetails: false });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const response = await fetch(`${server.url}/down`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(leaks(text)).toEqual([]);
      expect(JSON.parse(text)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'The step subgraph cannot be reached: connect ECONNREFUSED <internal>' });
    } finally {
      await server.close();
    }
  });
});
