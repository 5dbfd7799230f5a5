import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../errors.js';
import { DeadLetterReason, encodeBody, failureOutcome } from './busRules.js';

const options = { prefetch: 1, maxDeliveries: 3, retryDelayMs: 50 };

describe('failureOutcome', () => {
  it('should dead-letter an AppError that is not retryable at once, naming its code and message', () => {
    const error = new AppError(ErrorCode.CONFLICT, 'refused for good');
    expect(failureOutcome(error, 1, options)).toEqual({ action: 'dead', kind: 'NON_RETRYABLE', reason: 'NON_RETRYABLE: CONFLICT: refused for good' });
  });

  it('should read retryable as data, not from the code', () => {
    const marked = new AppError(ErrorCode.CONFLICT, 'locked', { retryable: true });
    const unmarked = new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down for good', { retryable: false });
    expect(failureOutcome(marked, 1, options)).toEqual({ action: 'retry', delayMs: 50, nextDeliveryCount: 2 });
    expect(failureOutcome(unmarked, 1, options)).toMatchObject({ action: 'dead', reason: expect.stringMatching(/^NON_RETRYABLE: /) });
  });

  it('should retry a SERVICE_UNAVAILABLE AppError, retryable by default', () => {
    expect(failureOutcome(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'cache down'), 2, options)).toEqual({ action: 'retry', delayMs: 50, nextDeliveryCount: 3 });
  });

  it.each([
    ['an Error', new TypeError('undefined is not a function'), 'TypeError: undefined is not a function'],
    ['a thrown string', 'oops', 'oops'],
    ['a retryable AppError', new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'cache down'), 'SERVICE_UNAVAILABLE: cache down'],
  ])('should retry %s until the delivery bound, then dead-letter it as exhausted', (_name, error, described) => {
    expect(failureOutcome(error, 2, options)).toMatchObject({ action: 'retry', nextDeliveryCount: 3 });
    expect(failureOutcome(error, 3, options)).toEqual({
      action: 'dead', kind: 'DELIVERIES_EXHAUSTED', reason: `${DeadLetterReason.DELIVERIES_EXHAUSTED}: ${described} (gave up after 3 deliveries)`,
    });
  });
});

describe('encodeBody', () => {
  it('should refuse a body past the bound with a PAYLOAD_TOO_LARGE AppError that is not retryable, naming sizes only', () => {
    const body = { blob: 'é'.repeat(600) }; // 1,200 bytes of UTF-8 in 600 characters
    expect(encodeBody(body, 1_300)).toBe(JSON.stringify(body));
    let refused: unknown;
    try {
      encodeBody(body, 1_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', retryable: false, details: { bytes: 1_211, maxBytes: 1_000 } });
    expect((refused as Error).message).toBe('The message is 1211 bytes, more than a bus message may be (1000, MESSAGE_MAX_BYTES)');
  });
});
