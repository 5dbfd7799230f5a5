import { describe, expect, it } from 'vitest';
import { redactCredentials, redactEndpoints } from './redact.js';

describe('redactEndpoints', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:27017', 'connect ECONNREFUSED <internal>'],
    ['connect ECONNREFUSED ::1:5672', 'connect ECONNREFUSED <internal>'],
    ['getaddrinfo ENOTFOUND mongo.internal', 'getaddrinfo ENOTFOUND <internal>'],
    ['The step subgraph cannot be reached: connect ECONNREFUSED 10.0.3.7:5000', 'The step subgraph cannot be reached: connect ECONNREFUSED <internal>'],
    ['request to http://step.svc.cluster.local:5000/graphql failed', 'request to <internal> failed'],
    ['Server selection timed out: mongo-0.db:27017, [fe80::1]:27017', 'Server selection timed out: <internal>, <internal>'],
    ['cannot reach amqp://flow:s3cret@rabbit:5672/prod', 'cannot reach <internal>'],
    ['no answer from 192.168.1.20', 'no answer from <internal>'],
  ])('should hide the endpoint in %j', (text, expected) => {
    expect(redactEndpoints(text)).toBe(expected);
    expect(redactEndpoints(text)).not.toMatch(/s3cret|27017|5672|5000/);
  });

  it('should leave ordinary messages alone', () => {
    const text = 'Execution 0190d7a0-1c2b-7000-8000-00000000abcd stayed locked for 2000 ms at 12:30; no answer within 2000 ms';
    expect(redactEndpoints(text)).toBe(text);
  });
});

describe('redactCredentials', () => {
  it('should hide the user and password of URLs and bare user:password@host forms', () => {
    expect(redactCredentials('mongodb://admin:p%40ss@db:27017/flow')).toBe('mongodb://***@db:27017/flow');
    expect(redactCredentials('bad entry "admin:hunter2@db:5701"')).toBe('bad entry "***@db:5701"');
    expect(redactCredentials('no secrets here: 5 items')).toBe('no secrets here: 5 items');
  });
});
