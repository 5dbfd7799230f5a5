import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from './errors.js';
import { isOutage } from './outage.js';

const named = (name: string): Error => Object.assign(new Error('lost'), { name });
const coded = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('isOutage', () => {
  it.each<[string, unknown]>([
    ['a SERVICE_UNAVAILABLE AppError', new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'cache get failed')],
    ...['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError', 'MongoServerClosedError', 'TimeoutError']
      .map((name): [string, unknown] => [`a ${name}`, named(name)]),
    ...['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
      'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']
      .map((code): [string, unknown] => [`a socket error ${code}`, coded(code)]),
    ['fetch failed, caused by a refused connection', new TypeError('fetch failed', { cause: coded('ECONNREFUSED') })],
    ['a wrapper two causes above the outage', new Error('outer', { cause: new Error('middle', { cause: named('MongoServerSelectionError') }) })],
  ])('should take %s for an outage', (_name, error) => {
    expect(isOutage(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a SERVICE_UNAVAILABLE AppError marked not retryable', new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down for good', { retryable: false })],
    ['another retryable AppError', new AppError(ErrorCode.CONFLICT, 'locked', { retryable: true })],
    ['an AppError that wraps a socket error', new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'bug', { cause: coded('ECONNRESET') })],
    ['a MongoServerError (a write refused, not an outage)', named('MongoServerError')],
    ['an unknown error code', coded('ENOENT')],
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError('undefined is not a function')],
    ['a thrown string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
    ['a non-string name and code', { name: 42, code: 111 }],
  ])('should not take %s for an outage', (_name, error) => {
    expect(isOutage(error)).toBe(false);
  });

  it('should stop at a cause cycle, and look no deeper than eight causes', () => {
    const looped = new Error('a');
    (looped as { cause?: unknown }).cause = looped;
    expect(isOutage(looped)).toBe(false);
    let deep: unknown = coded('ECONNREFUSED');
    for (let depth = 0; depth < 7; depth++) deep = new Error(`wrapper ${depth}`, { cause: deep });
    expect(isOutage(deep)).toBe(true);
    expect(isOutage(new Error('one more', { cause: deep }))).toBe(false);
  });
});
