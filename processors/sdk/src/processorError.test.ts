import { AppError, ErrorCode, isAppError } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { permanent, retryable, toActivityError, validationFailure } from './processorError.js';

describe('processor failures', () => {
  it('should make the helpers AppErrors with a code and retryable set', () => {
    expect(isAppError(retryable('busy'))).toBe(true);
    expect(retryable('busy')).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, message: 'busy' });
    expect(permanent('refused')).toMatchObject({ code: ErrorCode.INTERNAL_SERVER_ERROR, retryable: false });
    expect(permanent('no such customer', { code: ErrorCode.NOT_FOUND, type: 'UnknownCustomer' })).toMatchObject({
      code: ErrorCode.NOT_FOUND, retryable: false, details: { activityErrorType: 'UnknownCustomer' },
    });
    expect(validationFailure('input does not match')).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, retryable: false });
  });

  it('should report an AppError as its flags say, and anything else as retryable', () => {
    expect(toActivityError(permanent('refused', { type: 'Refused' }))).toEqual({ message: 'refused', type: 'Refused', retryable: false, validation: false });
    expect(toActivityError(validationFailure('bad input'))).toEqual({ message: 'bad input', type: 'ValidationError', retryable: false, validation: true });
    expect(toActivityError(new AppError(ErrorCode.CONFLICT, 'taken'))).toEqual({ message: 'taken', type: 'ProcessorError', retryable: false, validation: false });
    expect(toActivityError(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down'))).toEqual({ message: 'down', type: 'ProcessorError', retryable: true, validation: false });
    expect(toActivityError(new RangeError('out of range'))).toEqual({ message: 'out of range', type: 'RangeError', retryable: true, validation: false });
    expect(toActivityError('a string')).toEqual({ message: 'a string', type: 'Error', retryable: true, validation: false });
  });
});
