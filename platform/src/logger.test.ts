import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { runWithContext } from './context.js';
import { createLogger, redactSecrets, serviceLogger } from './logger.js';
import { contextFromHeaders, startTelemetry, withSpan } from './telemetry/index.js';
import { context } from '@opentelemetry/api';

const telemetry = await startTelemetry(loadConfig('worker', {}).telemetry, { spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
afterAll(() => telemetry.shutdown());

function capture() {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>), logger: createLogger('test', 'info', stream) };
}

describe('the logger', () => {
  it('should put the active span ids and the request correlation id on every line', async () => {
    const { logger, lines } = capture();
    const ids = await withSpan('work', {}, (span) => runWithContext({ correlationId: 'corr-log', user: 'u' }, () => {
      logger.child({ component: 'x' }).info('inside');
      return span.spanContext();
    }));
    logger.info('outside');
    expect(lines()[0]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId, correlationId: 'corr-log' });
    expect(lines()[1]).not.toHaveProperty('trace_id');
    expect(lines()[1]).not.toHaveProperty('correlationId');
  });

  it('should take the correlation id from baggage where no request context is set (a bus consumer)', () => {
    const { logger, lines } = capture();
    const extracted = contextFromHeaders({ baggage: 'correlation.id=corr-bag' });
    context.with(extracted, () => logger.info('consumed'));
    expect(lines()[0]).toMatchObject({ correlationId: 'corr-bag' });
  });

  it('should redact authorization headers, cookies, passwords and credentials in connection strings', () => {
    const { logger, raw } = capture();
    logger.info({ headers: { authorization: 'Bearer top-secret-token', cookie: 'sid=cookie-secret' } }, 'request');
    logger.info({ req: { headers: { authorization: 'Basic dXNlcjpwYXNz' } }, password: 'pw-secret' }, 'nested');
    logger.info({ url: 'amqp://guest:amqp-secret@127.0.0.1:5672' }, 'connecting to mongodb://admin:mongo-secret@db:27017/x');
    logger.error({ err: new Error('upstream said: authorization Bearer leaked-token was refused') }, 'failed');
    const text = raw.join('\n');
    for (const secret of ['top-secret-token', 'cookie-secret', 'dXNlcjpwYXNz', 'pw-secret', 'amqp-secret', 'mongo-secret', 'leaked-token']) expect(text).not.toContain(secret);
    expect(text).toContain('amqp://[redacted]@127.0.0.1:5672');
  });

  it('should name a hosted service once per line, writing where the process logger writes', () => {
    const { logger, raw } = capture();
    serviceLogger(logger.child({ component: 'launcher' }), 'gateway').info('hosted');
    expect(raw).toHaveLength(1);
    expect(raw[0]?.match(/"service":/g)).toHaveLength(1);
    expect(JSON.parse(raw[0] as string)).toMatchObject({ service: 'gateway', msg: 'hosted' });
  });

  it('should leave lines without secrets as they are', () => {
    const line = '{"msg":"GET https://example.com/a?b=c by bearer of news"}';
    expect(redactSecrets(line)).toBe(line);
  });
});
