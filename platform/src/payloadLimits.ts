import type { Reader } from './configReader.js';

const MiB = 1024 * 1024;

/**
 * How large messages and run data may grow (README "Security"). Every bound sits well below
 * the 16 MiB document limit of MongoDB and FerretDB, which an execution's stored state must
 * fit in with its plan and bookkeeping: an oversized payload fails its step with
 * `PAYLOAD_TOO_LARGE` instead of failing a store write later.
 */
export interface PayloadLimits {
  /**
   * MESSAGE_MAX_BYTES: the largest bus message (its JSON body). Publishing a larger one is
   * refused (`PAYLOAD_TOO_LARGE`); a larger one consumed is dead-lettered unread. Default 4 MiB.
   */
  messageMaxBytes: number;
  /**
   * STEP_OUTPUT_MAX_BYTES: the largest step output (its JSON), and the largest start input (the
   * input of the entry steps): a larger output fails its step, a larger start input is refused
   * with 413. Default 1 MiB, at most MESSAGE_MAX_BYTES.
   */
  stepOutputMaxBytes: number;
  /**
   * EXECUTION_MAX_BYTES: the start input plus every step's input and output of one run; the
   * step whose data would pass it fails. Default 12 MiB, at most 15 MiB.
   */
  executionMaxBytes: number;
}

export const defaultPayloadLimits: Readonly<PayloadLimits> = Object.freeze({
  messageMaxBytes: 4 * MiB,
  stepOutputMaxBytes: MiB,
  executionMaxBytes: 12 * MiB,
});

/** The PayloadLimits variables; a step output bound above the message bound is a problem. */
export function readPayloadLimits(read: Reader): Readonly<PayloadLimits> {
  const messageMaxBytes = read.int('MESSAGE_MAX_BYTES', defaultPayloadLimits.messageMaxBytes, 64 * 1024, 15 * MiB);
  const stepOutputMaxBytes = read.int('STEP_OUTPUT_MAX_BYTES', defaultPayloadLimits.stepOutputMaxBytes, 1024, 15 * MiB);
  const executionMaxBytes = read.int('EXECUTION_MAX_BYTES', defaultPayloadLimits.executionMaxBytes, 64 * 1024, 15 * MiB);
  if (stepOutputMaxBytes > messageMaxBytes) read.problems.push('STEP_OUTPUT_MAX_BYTES must not be larger than MESSAGE_MAX_BYTES');
  if (stepOutputMaxBytes > executionMaxBytes) read.problems.push('STEP_OUTPUT_MAX_BYTES must not be larger than EXECUTION_MAX_BYTES');
  return Object.freeze({ messageMaxBytes, stepOutputMaxBytes, executionMaxBytes });
}
