import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode, httpStatusOf, isAppError, toAppError } from './errors.js';

describe('httpStatusOf', () => {
  it.each([
    ['BAD_USER_INPUT', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['INTERNAL_SERVER_ERROR', 500],
    ['SERVICE_UNAVAILABLE', 503],
  ])('should map %s to HTTP %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('should map every declared code, so no code falls through to the default by accident', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(httpStatusOf(code), code).toBeGreaterThanOrEqual(400);
    }
  });

  it('should map an unknown code to 500', () => {
    expect(httpStatusOf('GRAPHQL_VALIDATION_FAILED')).toBe(500);
    expect(httpStatusOf('')).toBe(500);
  });
});

describe('AppError', () => {
  it('should be retryable by default only when the service is unavailable', () => {
    expect(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down').retryable).toBe(true);
    expect(new AppError(ErrorCode.CONFLICT, 'taken').retryable).toBe(false);
    expect(new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'boom').retryable).toBe(false);
    expect(new AppError(ErrorCode.CONFLICT, 'locked', { retryable: true }).retryable).toBe(true);
  });

  it('should keep its code, details and cause', () => {
    const cause = new Error('socket closed');
    const error = new AppError(ErrorCode.CONFLICT, 'in use', { details: { referrers: ['a'] }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toEqual({ referrers: ['a'] });
    expect(error.cause).toBe(cause);
  });

  it('should build BAD_USER_INPUT from violations, joining their messages', () => {
    const violations = [
      { field: 'name', constraint: 'required', message: 'name is required' },
      { field: 'version', constraint: 'maxLength', message: 'version is too long' },
    ];
    const error = AppError.badInput(violations);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('name is required; version is too long');
    expect(error.details).toEqual({ violations });
  });

  it('should build NOT_FOUND naming the entity and id', () => {
    const error = AppError.notFound('Step', 'abc');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Step abc was not found');
    expect(error.details).toEqual({ id: 'abc' });
  });
});

describe('isAppError', () => {
  it('should recognise AppErrors and nothing else', () => {
    expect(isAppError(new AppError(ErrorCode.NOT_FOUND, 'x'))).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'NOT_FOUND', message: 'x' })).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(isAppError('NOT_FOUND')).toBe(false);
  });

  it('should recognise an AppError made by another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('flow-orchestrator.AppError')]: true, code: 'CONFLICT' });
    expect(isAppError(foreign)).toBe(true);
  });
});

describe('toAppError', () => {
  it('should return an AppError unchanged', () => {
    const error = new AppError(ErrorCode.CONFLICT, 'taken');
    expect(toAppError(error)).toBe(error);
  });

  it('should turn an unexpected Error into INTERNAL_SERVER_ERROR without leaking its message', () => {
    const cause = new Error('E11000 duplicate key: password=hunter2');
    const error = toAppError(cause);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error');
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(cause);
  });

  it('should turn thrown non-errors into INTERNAL_SERVER_ERROR', () => {
    for (const thrown of ['boom', 42, undefined, { reason: 'x' }]) {
      const error = toAppError(thrown);
      expect(isAppError(error)).toBe(true);
      expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    }
  });
});
