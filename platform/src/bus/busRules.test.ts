import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../errors.js';
import {
  carriedDeliveryCount, carriedOutageRetries, checkConsumeOptions, DEATH_REASON_HEADER, deadLetterHeaders, DeadLetterReason, encodeBody, failureOutcome,
  OUTAGE_MAX_DELAY_MS, outageDelayMs, publicHeaders,
} from './busRules.js';

const options = { prefetch: 1, maxDeliveries: 3, retryDelayMs: 50 };

describe('failureOutcome', () => {
  it('should dead-letter an AppError that is not retryable at once, naming its code and message', () => {
    const error = new AppError(ErrorCode.CONFLICT, 'refused for good');
    expect(failureOutcome(error, 1, options)).toEqual({ action: 'dead', kind: 'NON_RETRYABLE', reason: 'NON_RETRYABLE: CONFLICT: refused for good' });
  });

  it('should read retryable as data, not from the code', () => {
    const marked = new AppError(ErrorCode.CONFLICT, 'locked', { retryable: true });
    const unmarked = new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down for good', { retryable: false });
    expect(failureOutcome(marked, 1, options)).toEqual({ action: 'retry', delayMs: 50, nextDeliveryCount: 2, outageRetries: 0 });
    expect(failureOutcome(unmarked, 1, options)).toMatchObject({ action: 'dead', reason: expect.stringMatching(/^NON_RETRYABLE: /) });
  });

  it('should hold back a message during an outage without counting the delivery, even at the bound', () => {
    const down = new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'cache down');
    const lowest = () => 0;
    expect(failureOutcome(down, 3, options, 0, lowest)).toEqual({ action: 'retry', delayMs: 50, nextDeliveryCount: 3, outageRetries: 1 });
    expect(failureOutcome(down, 3, options, 7, lowest)).toEqual({ action: 'retry', delayMs: 6_400, nextDeliveryCount: 3, outageRetries: 8 });
  });

  it('should count a delivery again, and start the outage backoff over, once the failure is the message\'s own', () => {
    expect(failureOutcome(new Error('bug'), 1, options, 4)).toEqual({ action: 'retry', delayMs: 50, nextDeliveryCount: 2, outageRetries: 0 });
  });

  it.each([
    ['an Error', new TypeError('undefined is not a function'), 'TypeError: undefined is not a function'],
    ['a thrown string', 'oops', 'oops'],
    ['a retryable AppError', new AppError(ErrorCode.CONFLICT, 'locked', { retryable: true }), 'CONFLICT: locked'],
  ])('should retry %s until the delivery bound, then dead-letter it as exhausted', (_name, error, described) => {
    expect(failureOutcome(error, 2, options)).toMatchObject({ action: 'retry', nextDeliveryCount: 3 });
    expect(failureOutcome(error, 3, options)).toEqual({
      action: 'dead', kind: 'DELIVERIES_EXHAUSTED', reason: `${DeadLetterReason.DELIVERIES_EXHAUSTED}: ${described} (gave up after 3 deliveries)`,
    });
  });
});

describe('outageDelayMs', () => {
  it('should double from the retry delay (at least 100 ms) up to the cap, jittering the upper half in quarters', () => {
    const at = (value: number) => () => value;
    expect([0, 1, 2, 3].map((retries) => outageDelayMs(retries, 500, at(0)))).toEqual([250, 500, 1_000, 2_000]);
    expect([0, 0.2, 0.4, 0.6, 0.8, 0.999].map((value) => outageDelayMs(0, 800, at(value)))).toEqual([400, 500, 600, 700, 800, 800]);
    expect(outageDelayMs(0, 0, at(0))).toBe(50);
    expect(outageDelayMs(0, 20, at(1))).toBe(100);
    expect(outageDelayMs(9, 500, at(0.999))).toBe(OUTAGE_MAX_DELAY_MS);
    expect(outageDelayMs(1_000, 500, at(0))).toBe(OUTAGE_MAX_DELAY_MS / 2);
  });
});

describe('carriedOutageRetries', () => {
  it('should read a positive integer header and answer 0 for anything else', () => {
    expect(carriedOutageRetries({ 'x-flow-outage-retries': '3' })).toBe(3);
    expect(['0', '-2', '1.5', 'x', undefined].map((value) => carriedOutageRetries({ 'x-flow-outage-retries': value }))).toEqual([0, 0, 0, 0, 0]);
    expect(carriedOutageRetries(undefined)).toBe(0);
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

  it('should accept a body of exactly the bound in UTF-8 bytes, and refuse one byte more', () => {
    const body = { blob: 'é'.repeat(600) }; // 1,211 bytes of JSON
    expect(encodeBody(body, 1_211)).toBe(JSON.stringify(body));
    expect(() => encodeBody(body, 1_210)).toThrow(/1211 bytes/);
  });
});

describe('DeadLetterReason', () => {
  it('should carry each reason by its own name, as docs/protocol.md lists them', () => {
    expect(Object.entries(DeadLetterReason).filter(([name, value]) => name !== value)).toEqual([]);
    expect(Object.keys(DeadLetterReason)).toEqual(['MALFORMED_BODY', 'NON_RETRYABLE', 'DELIVERIES_EXHAUSTED', 'MESSAGE_TOO_LARGE']);
  });
});

describe('encodeBody without a bound', () => {
  it('should encode JSON and refuse what JSON cannot carry', () => {
    expect(JSON.parse(encodeBody({ a: [1, null] }))).toEqual({ a: [1, null] });
    expect(encodeBody(null)).toBe('null');
    expect(() => encodeBody(undefined)).toThrow(TypeError);
    expect(() => encodeBody(() => 1)).toThrow(/got function/);
  });
});

describe('publicHeaders', () => {
  it('should hand a handler string headers only, numbers and booleans as text', () => {
    expect(publicHeaders({ a: 'x', n: 3, yes: true, no: false, obj: { k: 1 }, nothing: null })).toEqual({ a: 'x', n: '3', yes: 'true', no: 'false' });
    expect(publicHeaders(undefined)).toEqual({});
  });

  it('should hide the delivery counter and the broker\'s dead-letter bookkeeping, but not other x- headers', () => {
    // The counter's name is on the wire: messages queued by one version are read by the next.
    const raw = {
      'x-flow-delivery-count': 2, 'x-flow-outage-retries': 4, 'x-death': 'rejected', 'x-first-death-queue': 'q.delay', 'x-last-death-reason': 'expired',
      'x-death-reason': 'NON_RETRYABLE: no', 'x-correlation-id': 'c', 'x-deaths': 'kept', 'my-x-first-death-note': 'kept',
    };
    expect(publicHeaders(raw)).toEqual({ 'x-death-reason': 'NON_RETRYABLE: no', 'x-correlation-id': 'c', 'x-deaths': 'kept', 'my-x-first-death-note': 'kept' });
  });
});

describe('carriedDeliveryCount', () => {
  it.each([
    ['no header', undefined, 1],
    ['a counter', { 'x-flow-delivery-count': 3 }, 3],
    ['a counter as text', { 'x-flow-delivery-count': '2' }, 2],
    ['a counter of 1', { 'x-flow-delivery-count': 1 }, 1],
    ['a zero counter', { 'x-flow-delivery-count': 0 }, 1],
    ['a fractional counter', { 'x-flow-delivery-count': 2.5 }, 1],
    ['a counter that is not a number', { 'x-flow-delivery-count': 'many' }, 1],
  ])('should read %s as delivery %s', (_what, headers, count) => {
    expect(carriedDeliveryCount(headers)).toBe(count);
  });
});

describe('deadLetterHeaders', () => {
  it('should keep the original headers and add the reason and the delivery count', () => {
    expect(deadLetterHeaders({ a: 'x' }, 'NON_RETRYABLE: no', 4, { id: 'd1', at: '2026-12-03T10:00:00.000Z' })).toEqual({
      a: 'x', [DEATH_REASON_HEADER]: 'NON_RETRYABLE: no', 'x-death-deliveries': '4', 'x-dead-letter-id': 'd1', 'x-dead-lettered-at': '2026-12-03T10:00:00.000Z',
    });
    expect(DEATH_REASON_HEADER).toBe('x-death-reason');
  });
});

describe('checkConsumeOptions', () => {
  it('should accept the smallest sensible options', () => {
    expect(() => checkConsumeOptions({ prefetch: 1, maxDeliveries: 1, retryDelayMs: 0 })).not.toThrow();
  });

  it.each([
    ['a prefetch of 0', { prefetch: 0 }],
    ['a fractional prefetch', { prefetch: 1.5 }],
    ['a maxDeliveries of 0', { maxDeliveries: 0 }],
    ['a fractional maxDeliveries', { maxDeliveries: 2.5 }],
    ['a negative retry delay', { retryDelayMs: -1 }],
    ['an infinite retry delay', { retryDelayMs: Number.POSITIVE_INFINITY }],
  ])('should refuse %s, naming the option', (_what, patch) => {
    const [option] = Object.keys(patch);
    expect(() => checkConsumeOptions({ ...options, ...patch })).toThrow(RangeError);
    expect(() => checkConsumeOptions({ ...options, ...patch })).toThrow(new RegExp(`^${option}`));
  });
});
