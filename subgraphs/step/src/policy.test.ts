import { violationsOf } from '@flow/kit';
import { describe, expect, it } from 'vitest';
import { stepPolicyFields, validateStepPolicy } from './policy.js';

describe('step policy fields', () => {
  it('should accept a step leaving every policy to the global settings, or setting each within range', () => {
    expect(violationsOf(stepPolicyFields, { retryOnTimeout: false })).toEqual([]);
    expect(violationsOf(stepPolicyFields, { maxAttempts: 1, retryBackoffMs: 0, retryBackoffMaxMs: 86_400_000, timeoutMs: 100, retryOnTimeout: true })).toEqual([]);
  });

  it.each([
    ['maxAttempts', 0, 'maxAttempts must be a whole number in 1..100 (got 0)'],
    ['maxAttempts', 101, 'maxAttempts must be a whole number in 1..100 (got 101)'],
    ['retryBackoffMs', -1, 'retryBackoffMs must be a whole number in 0..86400000 (got -1)'],
    ['retryBackoffMaxMs', 1.5, 'retryBackoffMaxMs must be a whole number in 0..86400000 (got 1.5)'],
    ['timeoutMs', 99, 'timeoutMs must be a whole number in 100..86400000 (got 99)'],
  ])('should refuse %s = %j, naming the range', (field, value, message) => {
    expect(violationsOf(stepPolicyFields, { retryOnTimeout: false, [field]: value })).toEqual([{ field, constraint: 'range', message }]);
  });

  it('should refuse a backoff cap below the backoff, and accept it equal or either one absent', () => {
    expect(() => validateStepPolicy({ retryBackoffMs: 500, retryBackoffMaxMs: 400 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: 'retryBackoffMaxMs (400) must not be less than retryBackoffMs (500)' }),
    );
    for (const record of [{ retryBackoffMs: 500, retryBackoffMaxMs: 500 }, { retryBackoffMs: 500, retryBackoffMaxMs: null }, { retryBackoffMaxMs: 1 }]) {
      expect(() => validateStepPolicy(record)).not.toThrow();
    }
  });
});
